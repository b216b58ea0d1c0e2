// simd_exp and the sigmoid built on it, against long-double references (expl, 64-bit
// significand): errors measured in spacings of the double nearest the true value, down to the
// subnormals; and a vectorised loop against scalar calls, bit for bit.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "lib/autodiff/activation.hpp"
#include "lib/core/random.hpp"
#include "lib/core/simd_exp.hpp"

using namespace memo;

namespace {

// |got − want| in units of the spacing of doubles at want (the smallest subnormal at most).
double spacings(double got, long double want) {
  const double nearest = static_cast<double>(want);
  const double above = std::nextafter(std::abs(nearest), std::numeric_limits<double>::infinity());
  const long double spacing = std::max<long double>(above - std::abs(nearest), std::numeric_limits<double>::denorm_min());
  return static_cast<double>(std::abs(static_cast<long double>(got) - want) / spacing);
}

// Arguments spread over the whole range of finite, non-overflowing results, with extra ones
// where the results are subnormal and near 0 (where the reduction does nothing).
std::vector<double> arguments() {
  Rng rng(31);
  const Mat uniform = random_uniform(200000, 1, rng, 0, 1);
  std::vector<double> x;
  for (int i = 0; i < 200000; ++i) {
    const double u = uniform(i);
    x.push_back(i % 4 == 0 ? -745 + 1454.7 * u : i % 4 == 1 ? -745.1 + 37.4 * u : i % 4 == 2 ? 2 * u - 1 : 1e-3 * (u - 0.5));
  }
  return x;
}

void vector_exp(const std::vector<double>& x, std::vector<double>& y) {
  y.resize(x.size());
  const double* in = x.data();
  double* out = y.data();
  const long n = static_cast<long>(x.size());
#pragma omp simd simdlen(8)
  for (long i = 0; i < n; ++i) out[i] = simd_exp(in[i]);
}

}  // namespace

TEST_CASE("simd_exp: within one spacing of e^x, subnormal results included") {
  const std::vector<double> x = arguments();
  double worst = 0;
  for (double v : x) worst = std::max(worst, spacings(simd_exp(v), std::exp(static_cast<long double>(v))));
  MESSAGE("worst error ", worst, " spacings");
  CHECK(worst < 1.0);
}

TEST_CASE("simd_exp: the ends of the range and the special values") {
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(simd_exp(0.0) == 1.0);
  CHECK(simd_exp(-0.0) == 1.0);
  CHECK(simd_exp(inf) == inf);
  CHECK(simd_exp(-inf) == 0.0);
  CHECK(std::isnan(simd_exp(std::numeric_limits<double>::quiet_NaN())));
  CHECK(simd_exp(710.0) == inf);                       // e^710 > DBL_MAX
  CHECK(std::isfinite(simd_exp(709.78)));              // just below ln(DBL_MAX)
  CHECK(simd_exp(-745.2) == 0.0);                      // below half the smallest subnormal
  CHECK(simd_exp(-745.1) == std::numeric_limits<double>::denorm_min());
  CHECK(simd_exp(-1e4) == 0.0);
}

TEST_CASE("simd_exp: a vectorised loop gives the bits of scalar calls") {
  const std::vector<double> x = arguments();
  std::vector<double> y;
  vector_exp(x, y);
  long differing = 0;
  for (size_t i = 0; i < x.size(); ++i) differing += std::bit_cast<std::uint64_t>(y[i]) != std::bit_cast<std::uint64_t>(simd_exp(x[i]));
  CHECK(differing == 0);
}

TEST_CASE("sigmoid: within a few spacings of 1/(1 + e^−z) in long double, batch and scalar alike") {
  Rng rng(32);
  const Mat Z = 9 * random_normal(100, 200, rng);  // saturates both ways: σ down to ~1e-30
  const Activation sigmoid = parse_activation("sigmoid");
  const Mat batch = activate(sigmoid, Z, 0);
  double worst = 0;
  for (Eigen::Index i = 0; i < Z.size(); ++i) {
    const long double z = Z.reshaped()(i);
    const long double want = 1 / (1 + std::exp(-z));
    worst = std::max(worst, spacings(batch.reshaped()(i), want));
    CHECK(batch.reshaped()(i) == activate(sigmoid, Z.reshaped()(i), 0));
  }
  MESSAGE("worst error ", worst, " spacings");
  CHECK(worst < 2.5);  // e^−|z| within one, then a sum and a division, each rounded
}
