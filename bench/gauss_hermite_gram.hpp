// Workload 4 of `make bench`: the 2-layer NTK Gram matrix by 2-D Gauss–Hermite
// quadrature. A stand-in until the theory module lands (issue: NTK kernels); the
// bench checks it against NTK eq. 6 for sigmoid_erf so its time is the time of a correct
// computation.
#pragma once
#include <Eigen/Eigenvalues>
#include <cmath>
#include "lib/autodiff/activation.hpp"

namespace memo::bench {

// Probabilists' Gauss–Hermite rule (weight e^{−z²/2}/√2π, weights sum to 1) by Golub–Welsch:
// nodes are the eigenvalues of the Jacobi matrix with off-diagonal √k, weights the squared
// first components of its eigenvectors.
struct GaussHermite {
  Vec nodes, weights;
};

inline GaussHermite gauss_hermite(int points) {
  Mat jacobi = Mat::Zero(points, points);
  for (int k = 1; k < points; ++k) jacobi(k, k - 1) = jacobi(k - 1, k) = std::sqrt(double(k));
  Eigen::SelfAdjointEigenSolver<Mat> solver(jacobi);
  return {solver.eigenvalues(), solver.eigenvectors().row(0).transpose().cwiseAbs2()};
}

// Θ²(x, x') = Σ¹ Σ̇² + Σ², Σ¹ = x·x'/n0, (u, v) ~ N(0, [[Σ¹(x,x), Σ¹(x,x')], [·, Σ¹(x',x')]]),
// Σ² = E[φ(u)φ(v)], Σ̇² = E[φ'(u)φ'(v)]. X: (n0, n), result (n, n).
inline Mat ntk2_gram(const Activation& act, const Mat& X, const GaussHermite& rule) {
  const Eigen::Index n = X.cols(), m = rule.nodes.size();
  const Mat sigma1 = X.transpose() * X / double(X.rows());
  Mat gram(n, n);
  Vec phi_u(m), dphi_u(m);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double su = std::sqrt(sigma1(i, i));
    for (Eigen::Index a = 0; a < m; ++a) {
      phi_u(a) = activate(act, su * rule.nodes(a));
      dphi_u(a) = activate(act, su * rule.nodes(a), 1);
    }
    for (Eigen::Index j = i; j < n; ++j) {
      // v = ρ√b z1 + √(1−ρ²)√b z2 with u = √a z1.
      const double sv = std::sqrt(sigma1(j, j));
      const double rho = su > 0 && sv > 0 ? sigma1(i, j) / (su * sv) : 0.0;
      const double along = rho * sv, across = std::sqrt(std::max(0.0, 1 - rho * rho)) * sv;
      double e_phi = 0, e_dphi = 0;
      for (Eigen::Index a = 0; a < m; ++a) {
        double inner_phi = 0, inner_dphi = 0;
        for (Eigen::Index b = 0; b < m; ++b) {
          const double v = along * rule.nodes(a) + across * rule.nodes(b);
          inner_phi += rule.weights(b) * activate(act, v);
          inner_dphi += rule.weights(b) * activate(act, v, 1);
        }
        e_phi += rule.weights(a) * phi_u(a) * inner_phi;
        e_dphi += rule.weights(a) * dphi_u(a) * inner_dphi;
      }
      gram(i, j) = gram(j, i) = sigma1(i, j) * e_dphi + e_phi;
    }
  }
  return gram;
}

// NTK eq. 6: the closed form of Θ² for sigmoid_erf.
inline double ntk2_sigmoid_erf(const Vec& xh, const Vec& x) {
  const double n0 = double(x.size()), xx = x.dot(x), hh = xh.dot(xh), hx = xh.dot(x);
  const double pi = 3.14159265358979323846;
  return hx / (2 * pi * std::sqrt((2 * n0 + xx) * (2 * n0 + hh) - hx * hx)) +
         std::asin(hx / std::sqrt((xx + 2 * n0) * (hh + 2 * n0))) / (2 * pi) + 0.25;
}

}  // namespace memo::bench
