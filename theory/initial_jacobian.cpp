#include "theory/initial_jacobian.hpp"

#include <cmath>
#include <fmt/format.h>

namespace memo::ntk {

double jacobian_row_variance(const Kernel& kernel, const Vec& x, const Vec& z) {
  if (x.size() != z.size() || x.size() == 0)
    throw Error(fmt::format("x and z must have the same positive dimension (got {} and {})", x.size(), z.size()));
  const double n0 = static_cast<double>(x.size());
  // Layer ℓ's pre-activation a = α̃^ℓ_i and tangent b = z̃^ℓ_i are jointly Gaussian.
  double var_a = x.squaredNorm() / n0, cov = x.dot(z) / n0, var_b = z.squaredNorm() / n0;
  GaussianRule scratch;
  for (int layer = 1; layer < kernel.layers; ++layer) {
    const GaussianRule& rule = rule_for_variance(kernel, var_a, scratch);
    const Mat& nodes = rule.nodes;
    const Vec& w = rule.weights;
    // b = β a + e with β = cov/var_a, e ⟂ a of variance var_b − β cov.
    const double beta = var_a > 0 ? cov / var_a : 0.0;
    const double var_e = std::max(0.0, var_b - beta * cov);
    const Mat a = std::sqrt(var_a) * nodes;
    const Mat s = activate(kernel.activation, a, 0), ds = activate(kernel.activation, a, 1);
    const auto E = [&](const Eigen::ArrayXd& values) { return (w.array() * values).sum(); };
    const Eigen::ArrayXd sa = s.col(0).array(), dsa = ds.col(0).array(), aa = a.col(0).array();
    const double next_var_a = E(sa * sa);                                               // E[σ(a)²]
    const double next_cov = beta * E(sa * dsa * aa);                                    // E[σ(a) σ'(a) b]
    const double next_var_b = beta * beta * E(dsa * dsa * aa * aa) + var_e * E(dsa * dsa);  // E[σ'(a)² b²]
    var_a = next_var_a, cov = next_cov, var_b = next_var_b;
  }
  return var_b;  // the output layer is linear: (J0 z)_i = W^{L−1}_i z^{L−1}/√n_{L−1}
}

InitialJacobianPrediction predict_initial_jacobian(const Kernel& kernel, const Vec& x) {
  const Eigen::Index n0 = x.size();
  if (n0 < 2) throw Error("the initial-Jacobian prediction needs input dimension at least 2");
  Vec u = x.norm() > 0 ? Vec(x / x.norm()) : Vec(Vec::Unit(n0, 0));
  // a unit vector orthogonal to u
  Vec v = Vec::Unit(n0, std::abs(u(0)) < 0.9 ? 0 : 1);
  v -= v.dot(u) * u;
  v.normalize();
  InitialJacobianPrediction p;
  p.tau_parallel = jacobian_row_variance(kernel, x, u);
  p.tau_perpendicular = jacobian_row_variance(kernel, x, v);
  const double n = static_cast<double>(n0);
  const double spike = p.tau_perpendicular > 0 ? p.tau_parallel / p.tau_perpendicular : 0;
  p.operator_norm = spike > 2 ? std::sqrt(n * p.tau_perpendicular * spike * (1 + 1 / (spike - 1)))
                              : 2 * std::sqrt(n * p.tau_perpendicular);
  p.spectral_radius = std::sqrt((n - 1) * p.tau_perpendicular + p.tau_parallel);
  return p;
}

}  // namespace memo::ntk
