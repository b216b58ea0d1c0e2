#include "theory/ntk_regimes.hpp"

#include <cmath>
#include <fmt/format.h>
#include <numbers>

#include "lib/core/types.hpp"

namespace memo::ntk {

int unit_eigenvalue_multiplicity(double beta, int n) {
  if (n < 1) throw Error(fmt::format("number of training examples {} must be positive", n));
  return beta == 0 ? n : n - 1;
}

double unit_eigenvalue_fraction(double beta, int n, int n0) {
  if (n > n0) throw Error(fmt::format("the linear-region lemmas need n ≤ n0 (got n = {}, n0 = {})", n, n0));
  return static_cast<double>(unit_eigenvalue_multiplicity(beta, n)) / n0;
}

bool lemma4_condition(double alpha, double beta, double J0_norm, double w1_row_sum_norm, double r, int n0) {
  const double delta = 1 - J0_norm;
  if (!(delta > 0 && delta <= 1)) return false;
  return w1_row_sum_norm < beta * n0 * delta / (2 * r * alpha * alpha);
}

double linear_region_radius(int n0) { return 2 * std::sqrt(static_cast<double>(n0)); }

double large_radius_kernel_diagonal(double r, int n0) {
  return r / (4 * std::numbers::pi * std::sqrt(static_cast<double>(n0)));
}

double large_radius_kernel_gradient_norm(int n0) {
  return 1 / (8 * std::numbers::pi * std::sqrt(static_cast<double>(n0)));
}

double large_radius_jacobian_bound(double J0_norm) { return 0.5 + J0_norm; }

}  // namespace memo::ntk
