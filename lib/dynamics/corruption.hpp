// Corrupted copies of training examples, the inputs of every recovery experiment
// (AM Fig. 2c and S9; NTK Fig. 4–5; MEM Fig. 4). Images are columns of side × side pixels,
// row-major, channel after channel (PyTorch's flattening of (C, H, W)).
#pragma once
#include <string>
#include <vector>
#include "lib/core/random.hpp"

namespace memo {

enum class CorruptionKind { gaussian, uniform, square, pixels };

struct Corruption {
  CorruptionKind kind = CorruptionKind::gaussian;
  // gaussian: noise std (NTK's "noise radius"); uniform: half-width a of added U[−a, a];
  // square: side of the occluding square in pixels; pixels: fraction of pixels replaced.
  double amount = 0;
  double value = 0;  // square: the colour painted into it
  // pixels: replacements drawn from U[noise_lo, noise_hi]; when both are 0 the data's own
  // range [min X, max X] is used.
  double noise_lo = 0, noise_hi = 0;
  int image_side = 0;  // square: side of the images (0: √d, which must then be an integer)
};

// "gaussian:STD", "uniform:A", "square:SIDE[,VALUE]", "pixels:FRACTION[,LO,HI]".
Corruption parse_corruption(const std::string& text);
std::string corruption_name(const Corruption& c);

// Corrupts every column independently.
Mat corrupt(const Mat& X, const Corruption& c, Rng& rng);

// `copies` corrupted copies of every example, and the example each one came from.
struct CorruptedSet {
  Mat points;               // (d, n·copies), copy c of example i in column i·copies + c
  std::vector<int> source;  // per column: the example it came from
};
CorruptedSet corrupted_copies(const Mat& X, const Corruption& c, int copies, Rng& rng);

}  // namespace memo
