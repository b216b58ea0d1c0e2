#include "theory/phi_span.hpp"

#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "lib/dynamics/spectra.hpp"
#include "theory/span_invariant.hpp"

namespace memo::phi_span {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// SELU constants as in lib/activation.cpp.
constexpr double kSeluLambda = 1.0507009873554805;
constexpr double kSeluAlpha = 1.6732632423543772;

void require_in_open_range(const Activation& act, double y, double lo, double hi) {
  if (!(y > lo && y < hi))
    throw Error(fmt::format("ϕ-span: value {} is outside range({}) = ({}, {})", y, activation_name(act), lo, hi));
}

bool is_odd_integer(double m) { return m == std::round(m) && std::fmod(std::abs(m), 2.0) == 1; }

}  // namespace

double inverse_activation(const Activation& act, double y) {
  using boost::math::erf_inv;
  switch (act.kind) {
    case ActivationKind::sigmoid: require_in_open_range(act, y, 0, 1); return std::log(y / (1 - y));
    case ActivationKind::tanh: require_in_open_range(act, y, -1, 1); return std::atanh(y);
    case ActivationKind::erf: require_in_open_range(act, y, -1, 1); return erf_inv(y);
    case ActivationKind::sigmoid_erf: require_in_open_range(act, y, 0, 1); return 2 * erf_inv(2 * y - 1);
    case ActivationKind::exp2: require_in_open_range(act, y, 0, kInf); return std::log(y) / 2;
    case ActivationKind::softplus: require_in_open_range(act, y, 0, kInf); return std::log(std::expm1(y));
    case ActivationKind::selu:
      require_in_open_range(act, y, -kSeluLambda * kSeluAlpha, kInf);
      return y > 0 ? y / kSeluLambda : std::log1p(y / (kSeluLambda * kSeluAlpha));
    case ActivationKind::identity: require_in_open_range(act, y, -kInf, kInf); return y;
    case ActivationKind::linear:
      if (act.a == 0) break;
      require_in_open_range(act, y, -kInf, kInf);
      return (y - act.b) / act.a;
    case ActivationKind::leaky_relu:
      if (!(act.a > 0)) break;
      require_in_open_range(act, y, -kInf, kInf);
      return y > 0 ? y : y / act.a;
    case ActivationKind::power:
      if (!is_odd_integer(act.a)) break;
      require_in_open_range(act, y, -kInf, kInf);
      return std::copysign(std::pow(std::abs(y), 1 / act.a), y);
    default: break;
  }
  throw Error(fmt::format("ϕ-span: {} is not invertible; use sigmoid, tanh, erf, sigmoid_erf, exp2, softplus, "
                          "selu, identity, linear:a,b (a ≠ 0), leaky_relu:a (a > 0) or power:m (m odd)",
                          activation_name(act)));
}

Mat inverse_activation(const Activation& act, const Mat& Y) {
  return Y.unaryExpr([&](double y) { return inverse_activation(act, y); });
}

Mat solution(const Activation& act, const Mat& X, double rank_tol) {
  const auto d = X.rows(), n = X.cols();
  if (n == 0) throw Error("ϕ-span: the data set is empty");
  if (n >= d)
    throw Error(fmt::format("ϕ-span: n = {} examples in dimension d = {}; the closed form needs n < d", n, d));
  const Mat preimage = inverse_activation(act, X);  // range errors first: they name the entry
  const Vec sigma = singular_values(X);
  if (!(sigma(n - 1) > rank_tol * sigma(0)))
    throw Error(fmt::format("ϕ-span: X is rank deficient (σ_min/σ_max = {:.3g} ≤ {:g}); need full column rank",
                            sigma(n - 1) / sigma(0), rank_tol));
  const Mat gram = X.transpose() * X;
  // X^+ = (X^T X)^{-1} X^T for full column rank.
  return preimage * gram.llt().solve(X.transpose());
}

Mat image(const Activation& act, const Mat& A, const Mat& Y) { return activate(act, Mat(A * Y)); }

double distance_from_phi_span(const Activation& act, const Mat& X, const Mat& Z) {
  return distance_from_span(inverse_activation(act, X), inverse_activation(act, Z));
}

}  // namespace memo::phi_span
