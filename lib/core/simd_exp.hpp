// e^x for the elementwise loops of the training step: written so that GCC vectorises a loop
// of calls (no division, no table, no branch), and so that a vector lane and a scalar call
// give the same bits.
#pragma once
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "lib/core/pick.hpp"

namespace memo {

// e^x = 2^k e^r with k = round(x / ln 2) and |r| ≤ ln 2 / 2 (Cody and Waite's reduction), e^r
// from its Taylor polynomial of degree 13 (the remainder r^14/14! is below 0.05 ulp there), 2^k
// built from its bits in two factors 2^⌊k/2⌋ · 2^(k−⌊k/2⌋), each a normal number, so that a
// result in the subnormal range is rounded once, at the last multiplication.
//
// Why not Eigen's exp: its Padé form has a division per packet, and the sigmoid has another;
// on AVX-512 the two divisions were most of the sigmoid pass, a third of the NTK step at width
// 1000 (one thread). This form is only fused multiply-adds, exact operations and one rounding
// each (std::fma is exactly rounded, so a scalar call and a vector lane agree to the bit; there
// is no a·b + c left for the compiler to contract differently in the two). Accuracy: within
// 1 ulp of e^x over the whole range (tests/test_simd_exp.cpp checks against long double).
[[gnu::always_inline]] inline double simd_exp(double x) {
  constexpr double log2e = 1.4426950408889634074;
  constexpr double ln2_high = 0x1.62e42fefa39efp-1;   // ln 2 rounded to double
  constexpr double ln2_low = 0x1.abc9e3b39803fp-56;   // ln 2 − ln2_high
  constexpr double shifter = 0x1.8p52;  // adding it rounds to an integer, kept in the low bits
  constexpr double lowest = -746.0;     // e^x < 2^−1075 below −745.14: rounds to 0
  constexpr double highest = 709.782712893384;  // e^x overflows above ln(DBL_MAX)
  const double clamped = pick(x < lowest, lowest, pick(x > highest, highest, x));  // NaN stays
  const double shifted = std::fma(clamped, log2e, shifter);
  const double k = shifted - shifter;                    // round(x / ln 2), exactly
  const double r_high = std::fma(-k, ln2_high, clamped);  // exact (the two nearly cancel)
  const double r = std::fma(-k, ln2_low, r_high);
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = std::fma(p, r, 1.0 / 479001600.0);
  p = std::fma(p, r, 1.0 / 39916800.0);
  p = std::fma(p, r, 1.0 / 3628800.0);
  p = std::fma(p, r, 1.0 / 362880.0);
  p = std::fma(p, r, 1.0 / 40320.0);
  p = std::fma(p, r, 1.0 / 5040.0);
  p = std::fma(p, r, 1.0 / 720.0);
  p = std::fma(p, r, 1.0 / 120.0);
  p = std::fma(p, r, 1.0 / 24.0);
  p = std::fma(p, r, 1.0 / 6.0);
  p = std::fma(p, r, 0.5);
  p = std::fma(p, r, 1.0);
  p = std::fma(p, r, 1.0);
  // k sits in the low bits of `shifted` as k + 2^51: |k| ≤ 1076, so both halves of 2^k are
  // normal numbers, built by writing the biased exponent.
  const std::int64_t k_int = std::bit_cast<std::int64_t>(shifted) - std::bit_cast<std::int64_t>(shifter);
  const std::int64_t half = k_int >> 1;  // ⌊k/2⌋
  const double first = std::bit_cast<double>(static_cast<std::uint64_t>(half + 1023) << 52);
  const double second = std::bit_cast<double>(static_cast<std::uint64_t>(k_int - half + 1023) << 52);
  const double result = p * first * second;
  return pick(x > highest, std::numeric_limits<double>::infinity(), result);
}

}  // namespace memo
