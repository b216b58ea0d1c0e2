#include "theory/gaussian_quadrature.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace memo {

GaussianRule gauss_hermite_rule(int degree) {
  if (degree < 1 || degree > 1000)
    throw Error(fmt::format("Gauss–Hermite degree {} out of range (expected 1 … 1000)", degree));
  // Three-term recurrence He_{k+1}(z) = z He_k(z) − k He_{k−1}(z): Jacobi matrix with
  // diagonal 0 and off-diagonal √k.
  Vec diagonal = Vec::Zero(degree);
  Vec off_diagonal(std::max(degree - 1, 0));
  for (int k = 1; k < degree; ++k) off_diagonal(k - 1) = std::sqrt(static_cast<double>(k));
  GaussianRule rule;
  if (degree == 1) {
    rule.nodes = Vec::Zero(1);
    rule.weights = Vec::Ones(1);
    return rule;
  }
  Eigen::SelfAdjointEigenSolver<Mat> solver;
  solver.computeFromTridiagonal(diagonal, off_diagonal, Eigen::ComputeEigenvectors);
  if (solver.info() != Eigen::Success)
    throw Error(fmt::format("Gauss–Hermite degree {}: tridiagonal eigensolver failed", degree));
  rule.nodes = solver.eigenvalues();
  rule.weights = solver.eigenvectors().row(0).transpose().array().square();
  // The nodes are symmetric about 0; symmetrising removes the eigensolver's last-bit
  // asymmetry so that odd moments vanish to rounding.
  for (int i = 0, j = degree - 1; i < j; ++i, --j) {
    const double node = 0.5 * (rule.nodes(j) - rule.nodes(i));
    const double weight = 0.5 * (rule.weights(i) + rule.weights(j));
    rule.nodes(i) = -node, rule.nodes(j) = node;
    rule.weights(i) = rule.weights(j) = weight;
  }
  if (degree % 2 == 1) rule.nodes(degree / 2) = 0;
  rule.weights /= rule.weights.sum();
  return rule;
}

GaussianRule gaussian_trapezoid_rule(int nodes, double half_width) {
  if (nodes < 2 || nodes > 10000)
    throw Error(fmt::format("trapezoid rule with {} nodes out of range (expected 2 … 10000)", nodes));
  if (!(half_width > 0)) throw Error(fmt::format("trapezoid half-width {} must be positive", half_width));
  GaussianRule rule;
  rule.nodes = Vec::LinSpaced(nodes, -half_width, half_width);
  rule.weights = (-0.5 * rule.nodes.array().square()).exp();
  rule.weights /= rule.weights.sum();
  return rule;
}

Quadrature parse_quadrature(const std::string& name) {
  if (name == "trapezoid") return Quadrature::trapezoid;
  if (name == "gauss_hermite") return Quadrature::gauss_hermite;
  throw Error(fmt::format("unknown quadrature '{}' (known: trapezoid, gauss_hermite)", name));
}

std::string quadrature_name(Quadrature quadrature) {
  return quadrature == Quadrature::trapezoid ? "trapezoid" : "gauss_hermite";
}

GaussianRule gaussian_rule(Quadrature quadrature, int nodes) {
  return quadrature == Quadrature::trapezoid ? gaussian_trapezoid_rule(nodes) : gauss_hermite_rule(nodes);
}

DerivativeMoments derivative_moments(const Activation& act, double var_u, double cov, double var_v,
                                     const GaussianRule& rule) {
  if (!(var_u >= 0) || !(var_v >= 0))
    throw Error(fmt::format("Gaussian variances ({}, {}) must be non-negative", var_u, var_v));
  const double sd_u = std::sqrt(var_u), sd_v = std::sqrt(var_v);
  const double rho = sd_u > 0 && sd_v > 0 ? std::clamp(cov / (sd_u * sd_v), -1.0, 1.0) : 0.0;
  const double rest = std::sqrt(std::max(0.0, 1 - rho * rho));
  const Mat z = rule.nodes;  // (m,1)
  const Vec& w = rule.weights;
  const Mat u = sd_u * z;
  Mat phi_u[4];
  for (int a = 0; a < 4; ++a) phi_u[a] = activate(act, u, a);

  DerivativeMoments M;
  if (rest == 0) {
    // v = ±√var_v z1: a 1-D rule.
    const Mat v = (rho < 0 ? -sd_v : sd_v) * z;
    for (int b = 0; b < 4; ++b) {
      const Mat phi_v = activate(act, v, b);
      for (int a = 0; a < 4; ++a)
        M(a, b) = (w.array() * phi_u[a].col(0).array() * phi_v.col(0).array()).sum();
    }
    return M;
  }
  // V(i, j) = √var_v (ρ z_i + √(1−ρ²) z_j): row i shares u_i.
  const Mat v = (sd_v * rho * z).replicate(1, z.rows()) +
                (sd_v * rest * z.transpose()).replicate(z.rows(), 1);
  Mat phi_v;
  for (int b = 0; b < 4; ++b) {
    activate(act, v, phi_v, b);
    const Vec inner = phi_v * w;  // E over z2 given z1 = z_i
    for (int a = 0; a < 4; ++a) M(a, b) = (w.array() * phi_u[a].col(0).array() * inner.array()).sum();
  }
  return M;
}

}  // namespace memo
