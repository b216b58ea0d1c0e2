// A hand-built 2-D map whose dynamics are known in closed form (used by the iteration, basin
// and limit-cycle tests):
//   f(x, y) = (g(x), c(x, y)),  g(x) = x − 0.05·x(x²−1)(x²−4),
//   c(x, y) = w(x)·q(y) + (1 − w(x))·m(x)·y,  q(y) = −1.5y + 0.5y³,
//   w(x) = exp(−4(x+2)²),  m(x) = 0.5 + 1.5·exp(−4(x−1)²).
// g has attracting fixed points −2, 0, 2 (g' = −0.2, 0.8, −0.2) and repelling ones ±1
// (g' = 1.3). J is lower triangular, so its eigenvalues are g'(x) and ∂c/∂y. Hence:
//   (0, 0): attractor, ρ = g'(0) = 0.8;   (2, 0): attractor, ρ = m(2) ≈ 0.5275 (g'(2) = −0.2);
//   (1, 0): repeller, eigenvalues 1.3 and ≈ 2;
//   {(−2, 1), (−2, −1)}: an exact 2-cycle (q(±1) = ∓1, w(−2) = 1) whose J_{f²} has eigenvalues
//   g'(−2)² = 0.04 and q'(1)·q'(−1) = 0;
//   |x| ≥ 4 diverges (g(4) = −32).
#pragma once
#include <cmath>
#include "lib/dynamics/dynamical_map.hpp"

namespace memo::testing {

inline double hand_g(double x) { return x - 0.05 * x * (x * x - 1) * (x * x - 4); }
inline double hand_dg(double x) { return 1 - 0.05 * (5 * std::pow(x, 4) - 15 * x * x + 4); }
inline double hand_w(double x) { return std::exp(-4 * (x + 2) * (x + 2)); }
inline double hand_m(double x) { return 0.5 + 1.5 * std::exp(-4 * (x - 1) * (x - 1)); }

inline Mat hand_map_apply(const Mat& P) {
  Mat out(2, P.cols());
  for (Eigen::Index j = 0; j < P.cols(); ++j) {
    const double x = P(0, j), y = P(1, j), w = hand_w(x);
    out(0, j) = hand_g(x);
    out(1, j) = w * (-1.5 * y + 0.5 * y * y * y) + (1 - w) * hand_m(x) * y;
  }
  return out;
}

inline Mat hand_map_jacobian(double x, double y) {
  const double w = hand_w(x), dw = -8 * (x + 2) * w;
  const double m = hand_m(x), dm = 1.5 * (-8 * (x - 1)) * std::exp(-4 * (x - 1) * (x - 1));
  const double q = -1.5 * y + 0.5 * y * y * y, dq = -1.5 + 1.5 * y * y;
  Mat J(2, 2);
  J << hand_dg(x), 0, dw * q - dw * m * y + (1 - w) * dm * y, w * dq + (1 - w) * m;
  return J;
}

inline DynamicalMap hand_built_map() {
  return {2, hand_map_apply, [](const Mat& P) {
            std::vector<Mat> Js;
            for (Eigen::Index j = 0; j < P.cols(); ++j) Js.push_back(hand_map_jacobian(P(0, j), P(1, j)));
            return Js;
          }};
}

// Central differences of a map's k-th iterate at x (step h).
inline Mat numeric_jacobian(const DynamicalMap& f, const Vec& x, int k = 1, double h = 1e-6) {
  Mat J(f.dim, f.dim);
  for (int j = 0; j < f.dim; ++j) {
    Vec plus = x, minus = x;
    plus(j) += h, minus(j) -= h;
    J.col(j) = (apply_times(f, Mat(plus), k) - apply_times(f, Mat(minus), k)).col(0) / (2 * h);
  }
  return J;
}

}  // namespace memo::testing
