// A branch-free choice between two doubles, for the elementwise loops of the training step.
#pragma once
#include <bit>
#include <cstdint>

namespace memo {

// condition ? if_true : if_false, chosen by bits (a mask of all ones or all zeros), with both
// values already computed. GCC 12 keeps `condition ? a·b : c` (and even `condition ? x : y`
// with x and y computed above it) as a branch in a loop: under its default trapping-math rules
// it will not turn the floating-point choice into a vector blend, so the loop runs one entry at
// a time wherever the CPU has no AVX-512 masks to fall back on. On a Zen 3 core the sigmoid's
// pass and SGD's update, so compiled, were half of the NTK step at width 1000 (a branch per
// entry on the sign of z, mispredicted half the time). The choice is exact: the bits of one of
// the two values.
inline double pick(bool condition, double if_true, double if_false) {
  const std::uint64_t mask = -std::uint64_t(condition);
  return std::bit_cast<double>((std::bit_cast<std::uint64_t>(if_true) & mask) |
                               (std::bit_cast<std::uint64_t>(if_false) & ~mask));
}

}  // namespace memo
