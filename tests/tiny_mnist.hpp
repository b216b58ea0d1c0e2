// A tiny stand-in for the real image sets in a temporary data folder, for tests of experiments
// that load "mnist" or "fashion-mnist" (`make test` runs without `make datasets`): n random
// side × side images with labels 0, 1, …, 9, 0, …, written as IDX under both names (read back
// through load_image_set), and MEMO_DATA_DIR pointing at it while the guard lives.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "datasets/image_set.hpp"
#include "lib/core/random.hpp"
#include "tests/scratch.hpp"

namespace memo::testing {

struct TinyMnist {
  std::filesystem::path dir;
  TinyMnist(const std::string& tag, int n, int side, std::uint64_t seed)
      : dir(memo::testing::scratch_root() / ("tiny-mnist-" + tag)) {
    Rng rng(seed);
    ImageSet set{"mnist", side, side, {}, {}};
    for (int i = 0; i < n * side * side; ++i) set.pixels.push_back(static_cast<std::uint8_t>(rng() % 256));
    for (int i = 0; i < n; ++i) set.labels.push_back(i % 10);
    std::filesystem::create_directories(dir / "mnist");
    write_idx_image_set((dir / "mnist/images-idx3-ubyte.gz").string(), (dir / "mnist/labels-idx1-ubyte.gz").string(), set);
    std::filesystem::create_directories(dir / "fashion-mnist");
    write_idx_image_set((dir / "fashion-mnist/train-images-idx3-ubyte.gz").string(),
                        (dir / "fashion-mnist/train-labels-idx1-ubyte.gz").string(), set);
    setenv("MEMO_DATA_DIR", dir.c_str(), 1);
  }
  ~TinyMnist() {
    unsetenv("MEMO_DATA_DIR");
    std::filesystem::remove_all(dir);
  }
  TinyMnist(const TinyMnist&) = delete;
  TinyMnist& operator=(const TinyMnist&) = delete;
};

}  // namespace memo::testing
