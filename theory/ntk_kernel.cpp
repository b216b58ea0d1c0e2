#include "theory/ntk_kernel.hpp"

#include <cmath>
#include <fmt/format.h>
#include <numbers>

namespace memo::ntk {
namespace {

void check_pair(const Vec& xhat, const Vec& x) {
  if (xhat.size() != x.size() || x.size() == 0)
    throw Error(fmt::format("kernel inputs must have the same positive dimension (got {} and {})",
                            xhat.size(), x.size()));
}

// Price's theorem differentiates through φ'' and φ''': kinks make those deltas
// that the pointwise derivatives of activate() miss.
void check_smooth(const Activation& act) {
  switch (act.kind) {
    case ActivationKind::relu:
    case ActivationKind::leaky_relu:
    case ActivationKind::selu:
      throw Error(fmt::format("∂Θ/∂x needs a three times differentiable activation; '{}' has a kink",
                              activation_name(act)));
    default: return;
  }
}

// The recursion of the header, with gradients in x carried along when `gradient` is set.
KernelGradient recurse(const Kernel& kernel, const Vec& xhat, const Vec& x, bool gradient) {
  check_pair(xhat, x);
  const double n0 = static_cast<double>(x.size());
  double q_aa = xhat.squaredNorm() / n0, q_ab = xhat.dot(x) / n0, q_bb = x.squaredNorm() / n0;
  double theta = q_ab, sigma_dot = 0;
  // ∂Σ^ℓ(x̂,x)/∂x, ∂Σ^ℓ(x,x)/∂x, ∂Θ^ℓ/∂x
  Vec g_ab, g_bb, g_theta;
  if (gradient) {
    check_smooth(kernel.activation);
    g_ab = xhat / n0, g_bb = 2 * x / n0, g_theta = xhat / n0;
  }
  GaussianRule scratch;
  for (int layer = 1; layer < kernel.layers; ++layer) {
    const GaussianRule& rule = rule_for_variance(kernel, std::max(q_aa, q_bb), scratch);
    const DerivativeMoments M = derivative_moments(kernel.activation, q_aa, q_ab, q_bb, rule);
    const DerivativeMoments M_aa = derivative_moments(kernel.activation, q_aa, q_aa, q_aa, rule);
    const DerivativeMoments M_bb = derivative_moments(kernel.activation, q_bb, q_bb, q_bb, rule);
    sigma_dot = M(1, 1);
    const double next_ab = M(0, 0);
    if (gradient) {
      const Vec g_sigma_dot = M(2, 2) * g_ab + 0.5 * M(1, 3) * g_bb;
      const Vec g_next_ab = M(1, 1) * g_ab + 0.5 * M(0, 2) * g_bb;
      g_theta = g_theta * sigma_dot + theta * g_sigma_dot + g_next_ab;
      g_ab = g_next_ab;
      // d E[σ(v)²]/d var_v = ½ E[(σ²)''(v)] = E[σ'(v)² + σ(v)σ''(v)]
      g_bb = (M_bb(1, 1) + M_bb(0, 2)) * g_bb;
    }
    theta = theta * sigma_dot + next_ab;
    q_ab = next_ab, q_aa = M_aa(0, 0), q_bb = M_bb(0, 0);
  }
  KernelGradient result;
  result.value = {.nngp = q_ab, .nngp_dot = sigma_dot, .ntk = theta};
  if (gradient) result.ntk_gradient = g_theta, result.nngp_gradient = g_ab;
  return result;
}

}  // namespace

Kernel make_kernel(const Activation& activation, int layers, int nodes, Quadrature quadrature) {
  if (layers < 1) throw Error(fmt::format("kernel depth {} must be at least 1 layer", layers));
  return {.activation = activation, .layers = layers, .rule = gaussian_rule(quadrature, nodes),
          .quadrature = quadrature, .nodes = nodes};
}

const GaussianRule& rule_for_variance(const Kernel& kernel, double variance, GaussianRule& scratch) {
  if (kernel.quadrature != Quadrature::trapezoid) return kernel.rule;
  const double spread = std::sqrt(std::max(variance, 0.0));
  const double wanted = std::ceil(kernel.nodes * spread / 2.5);
  if (wanted <= kernel.nodes) return kernel.rule;
  constexpr double kMaxNodes = 10000;  // gaussian_trapezoid_rule's limit
  if (!(wanted <= kMaxNodes))
    throw Error(fmt::format("pre-activation std {:.4g} would need {:.0f} trapezoid nodes (at most {:.0f}): give "
                            "--nodes {} or fewer, or --quadrature gauss_hermite",
                            spread, wanted, kMaxNodes, std::max(2, int(kMaxNodes * 2.5 / spread))));
  const int needed = static_cast<int>(wanted);
  scratch = gaussian_rule(kernel.quadrature, needed);
  return scratch;
}

KernelValue kernel_value(const Kernel& kernel, const Vec& xhat, const Vec& x) {
  return recurse(kernel, xhat, x, false).value;
}

KernelGradient kernel_gradient(const Kernel& kernel, const Vec& xhat, const Vec& x) {
  return recurse(kernel, xhat, x, true);
}

KernelGram kernel_gram(const Kernel& kernel, const Mat& X) {
  const Eigen::Index n = X.cols();
  KernelGram gram{Mat(n, n), Mat(n, n)};
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index i = 0; i <= j; ++i) {
      const KernelValue k = kernel_value(kernel, X.col(i), X.col(j));
      gram.ntk(i, j) = gram.ntk(j, i) = k.ntk;
      gram.nngp(i, j) = gram.nngp(j, i) = k.nngp;
    }
  return gram;
}

Vec ntk_column(const Kernel& kernel, const Mat& X, const Vec& x) {
  Vec k(X.cols());
  for (Eigen::Index i = 0; i < X.cols(); ++i) k(i) = kernel_value(kernel, X.col(i), x).ntk;
  return k;
}

Mat ntk_column_gradient(const Kernel& kernel, const Mat& X, const Vec& x) {
  Mat dk(X.cols(), x.size());
  for (Eigen::Index i = 0; i < X.cols(); ++i)
    dk.row(i) = kernel_gradient(kernel, X.col(i), x).ntk_gradient.transpose();
  return dk;
}

KernelValue sigmoid_erf_two_layer_closed_form(const Vec& xhat, const Vec& x) {
  check_pair(xhat, x);
  const double n0 = static_cast<double>(x.size());
  const double ab = xhat.dot(x), aa = xhat.squaredNorm(), bb = x.squaredNorm();
  const double product = (2 * n0 + aa) * (2 * n0 + bb);
  const double nngp = 0.25 + std::asin(ab / std::sqrt(product)) / (2 * std::numbers::pi);
  const double nngp_dot = n0 / (2 * std::numbers::pi * std::sqrt(product - ab * ab));
  return {.nngp = nngp, .nngp_dot = nngp_dot, .ntk = ab / n0 * nngp_dot + nngp};
}

}  // namespace memo::ntk
