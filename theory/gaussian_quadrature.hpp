// Quadrature rules for Gaussian expectations E[g(Z)] ≈ Σ_i w_i g(z_i), Z ~ N(0,1). The NTK
// kernels are expectations of φ^{(a)}(u) φ^{(b)}(v) under a bivariate Gaussian,
// evaluated on the tensor grid of a 1-D rule.
#pragma once
#include <Eigen/Dense>
#include <string>
#include "lib/autodiff/activation.hpp"
#include "lib/core/types.hpp"

namespace memo {

// Nodes and weights for expectations over Z ~ N(0,1); weights sum to 1.
struct GaussianRule {
  Vec nodes;
  Vec weights;
};

// Gauss–Hermite, the probabilists' rule (weight e^{−z²/2}/√(2π)), by Golub–Welsch: Boost 1.74
// has no Hermite rule (only Legendre/Kronrod and double-exponential rules), so the nodes are
// the eigenvalues of the Jacobi matrix of the probabilists' Hermite polynomials (zero diagonal,
// off-diagonal √k, k = 1…m−1) and the weights the squared first components of its unit
// eigenvectors (Eigen's symmetric tridiagonal solver). Throws for degree < 1 or > 1000.
//
// Gauss–Hermite converges only root-exponentially, ~exp(−d√(2m)), for integrands analytic in
// a strip |Im z| < d, which is the case of the sigmoid family: σ(s z) has poles at
// Im z = ±π/s (tanh: ±π/2s), so a wide pre-activation (large s) costs many nodes.
GaussianRule gauss_hermite_rule(int degree);

// The trapezoidal rule on [−half_width, half_width] with `nodes` equally spaced points, weights
// h φ(z_i) renormalised to sum 1. For the same strip-analytic integrands it converges
// geometrically, ~exp(−2πd/h), plus the tail e^{−half_width²/2}; it is the better rule for
// wide sigmoid pre-activations (tests/test_ntk_kernel.cpp compares both).
GaussianRule gaussian_trapezoid_rule(int nodes, double half_width = 10);

// M(a, b) = E[φ^{(a)}(u) φ^{(b)}(v)], a, b ∈ {0,1,2,3}, for
// (u, v) ~ N(0, [[var_u, cov], [cov, var_v]]). Writing u = √var_u z1,
// v = √var_v (ρ z1 + √(1−ρ²) z2) turns it into a product rule on the m × m grid; when
// |ρ| = 1 (x̂ ∥ x, in particular x̂ = x) it is the 1-D rule. Throws on a negative variance.
enum class Quadrature { trapezoid, gauss_hermite };
Quadrature parse_quadrature(const std::string& name);  // "trapezoid" | "gauss_hermite"
std::string quadrature_name(Quadrature quadrature);
GaussianRule gaussian_rule(Quadrature quadrature, int nodes);

using DerivativeMoments = Eigen::Matrix4d;
DerivativeMoments derivative_moments(const Activation& act, double var_u, double cov, double var_v,
                                     const GaussianRule& rule);

}  // namespace memo
