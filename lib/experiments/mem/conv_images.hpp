// Images for MEM's convolutional experiments (MEM §4, App. G): the paper uses CIFAR-10, which
// cannot be had here; Fashion-MNIST stands in, zero-padded from 28×28 to 32×32 (the
// downsampling nets need a power-of-two side) and average-pooled to s×s for smaller presets.
// Smooth synthetic images serve where no data set is wanted (tests).
#pragma once
#include <string>

#include "lib/core/random.hpp"

namespace memo::mem {

// A smooth s×s image in [0, 1]: a sum of 4 random low-frequency cosines, rescaled.
Vec smooth_image(int s, Rng& rng);

// `count` images as columns (s·s, count) of size s×s (a power of 2, at most 32) from `source`:
//   "fashion-mnist" / "fashion-mnist-test": balanced over the classes by select_examples with
//     `seed` (count = 10 gives one image per class), padded to 32×32, pooled by 32 / s;
//   "smooth": smooth_image with an Rng seeded by `seed`.
Mat conv_images(const std::string& source, int count, int s, std::uint64_t seed);

// Zero-pads images of side `from` (row-major columns) to side `to`, centred.
Mat pad_images(const Mat& X, int from, int to);

}  // namespace memo::mem
