#include "lib/experiments/mem/conv_images.hpp"

#include <cmath>
#include <fmt/format.h>
#include <numbers>

#include "datasets/image_set.hpp"
#include "datasets/preprocess.hpp"
#include "datasets/selection.hpp"

namespace memo::mem {

Vec smooth_image(int s, Rng& rng) {
  std::uniform_real_distribution<double> phase(0, 2 * std::numbers::pi), freq(0.5, 2.5);
  Vec image = Vec::Zero(s * s);
  for (int term = 0; term < 4; ++term) {
    const double fy = freq(rng), fx = freq(rng), p = phase(rng);
    for (int y = 0; y < s; ++y)
      for (int x = 0; x < s; ++x)
        image(y * s + x) += std::cos(2 * std::numbers::pi * (fy * y + fx * x) / s + p);
  }
  return (image.array() - image.minCoeff()) / (image.maxCoeff() - image.minCoeff());
}

Mat pad_images(const Mat& X, int from, int to) {
  if (X.rows() != static_cast<Eigen::Index>(from) * from || to < from)
    throw Error(fmt::format("pad_images: {} rows, expected {}×{} images padded to side {} ≥ {}", X.rows(), from, from,
                            to, from));
  const int offset = (to - from) / 2;
  Mat padded = Mat::Zero(static_cast<Eigen::Index>(to) * to, X.cols());
  for (int y = 0; y < from; ++y)
    padded.middleRows(static_cast<Eigen::Index>(y + offset) * to + offset, from) = X.middleRows(y * from, from);
  return padded;
}

Mat conv_images(const std::string& source, int count, int s, std::uint64_t seed) {
  if (s < 1 || s > 32 || (s & (s - 1)) != 0) throw Error(fmt::format("image side {}: expected a power of 2 up to 32", s));
  if (count < 1) throw Error(fmt::format("{} images: expected at least 1", count));
  if (source == "smooth") {
    Rng rng(seed);
    Mat X(s * s, count);
    for (int i = 0; i < count; ++i) X.col(i) = smooth_image(s, rng);
    return X;
  }
  if (source != "fashion-mnist" && source != "fashion-mnist-test")
    throw Error(fmt::format("image source '{}': expected fashion-mnist, fashion-mnist-test or smooth", source));
  const ImageSet set = load_image_set(source);
  const Mat X = image_columns(set, select_examples(set.labels, {.count = count, .seed = seed, .balanced = true}));
  const Mat padded = pad_images(X, set.height, 32);
  return s == 32 ? padded : downsample(padded, 32, 32, 32 / s);
}

}  // namespace memo::mem
