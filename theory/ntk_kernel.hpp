// The NNGP kernel Σ^L, its derivative kernel Σ̇^L and the Neural Tangent Kernel Θ^L of an
// L-layer network in the NTK parametrisation without bias (NTK §3.2):
//   Σ¹(x̂,x) = x̂·x / n0,  Θ¹ = Σ¹,
//   Σ^{ℓ+1} = E[σ(u)σ(v)],  Σ̇^{ℓ+1} = E[σ'(u)σ'(v)],  (u,v) ~ N(0, [[Σ^ℓ(x̂,x̂), Σ^ℓ(x̂,x)], [·, Σ^ℓ(x,x)]]),
//   Θ^{ℓ+1} = Θ^ℓ Σ̇^{ℓ+1} + Σ^{ℓ+1}.
// "L layers" = L weight matrices: the network of lib/mlp.hpp with widths
// n0, n1, …, n_{L−1}, n0 and Parametrization::ntk, no bias, has Θ^L as its width → ∞ kernel.
// Expectations use a 2-D product quadrature rule, so any activation works; the gradient needs
// a C³ activation (Price's theorem).
#pragma once
#include "lib/autodiff/activation.hpp"
#include "theory/gaussian_quadrature.hpp"

namespace memo::ntk {

// Default quadrature: the trapezoidal rule with 128 nodes on [−10, 10] per dimension. Measured
// against a 2000-node reference (every E[φ^{(a)}(u)φ^{(b)}(v)], a, b ≤ 3, ρ = 0.3): sigmoid
// ≤ 2e-16 at pre-activation sd 1 and 2, 4e-9 at sd 5; tanh 2e-16 at sd 1, 2e-10 at sd 2.
// Gauss–Hermite of the same degree gives 2e-12, 3e-5 and 3e-5 there: it converges only
// root-exponentially for the sigmoid family (poles at Im z = ±π/sd), see gaussian_quadrature.hpp.
//
// The trapezoid rule's spacing must shrink like 1/sd at larger pre-activation sd (the sigmoid's
// poles sit at distance π/sd from the real axis), so with it every expectation uses
// max(nodes, ⌈nodes·sd/2.5⌉) nodes. Measured on ρ(J∞) (n0 = 32, 5 points, kernel term): at r = 64
// (sd 11.3) a fixed 128 nodes give 5.4 instead of 0.374; 580 nodes are within 1e-6.
constexpr int kDefaultNodes = 128;
constexpr Quadrature kDefaultQuadrature = Quadrature::trapezoid;

struct Kernel {
  Activation activation;
  int layers = 2;  // L ≥ 1 weight matrices
  GaussianRule rule;  // for E over N(0,1) at sd ≤ 2.5, see gaussian_quadrature.hpp
  Quadrature quadrature = kDefaultQuadrature;
  int nodes = kDefaultNodes;
};

// The rule for expectations over pre-activations of variance up to `variance`: kernel.rule, or
// for the trapezoid rule at sd > 2.5 a finer one built into `scratch`.
const GaussianRule& rule_for_variance(const Kernel& kernel, double variance, GaussianRule& scratch);
Kernel make_kernel(const Activation& activation, int layers, int nodes = kDefaultNodes,
                   Quadrature quadrature = kDefaultQuadrature);

struct KernelValue {
  double nngp = 0;      // Σ^L(x̂,x): covariance of the outputs at initialisation
  double nngp_dot = 0;  // Σ̇^L(x̂,x) (0 when L = 1)
  double ntk = 0;       // Θ^L(x̂,x)
};
KernelValue kernel_value(const Kernel& kernel, const Vec& xhat, const Vec& x);

// Θ^L and its gradient in the second argument, ∂Θ^L(x̂,x)/∂x (x̂ fixed), for any depth, by
// differentiating the recursion: Price's theorem gives ∂E[g(u,v)]/∂Σ_{x̂x} = E[∂u∂v g] and
// ∂E[g(u,v)]/∂Σ_{xx} = ½ E[∂v² g]. At L = 2 this is the corrected formula of theory/NOTES.md
//   ∂Θ²/∂x = (2/n0) E[σ'σ'] x̂ + (s/n0) E[σ''σ''] x̂ + (s/n0) E[σ'(u)σ'''(v)] x + (1/n0) E[σ(u)σ''(v)] x,
// s = x̂·x/n0. The paper (NTK §4.4) prints the third term with T(Σ¹, σ', σ'') — σ'' where the
// derivative of Σ̇² = E[σ'(u)σ'(v)] with respect to Σ_{xx} gives ½E[σ'(u)σ'''(v)]: the
// printed term is wrong (tests/test_ntk_kernel.cpp shows it misses finite differences).
struct KernelGradient {
  KernelValue value;
  Vec ntk_gradient;   // ∂Θ^L(x̂,x)/∂x, (n0)
  Vec nngp_gradient;  // ∂Σ^L(x̂,x)/∂x, (n0)
};
KernelGradient kernel_gradient(const Kernel& kernel, const Vec& xhat, const Vec& x);

// Gram matrices over the columns of X (n0, n): (n, n), symmetric.
struct KernelGram {
  Mat ntk;
  Mat nngp;
};
KernelGram kernel_gram(const Kernel& kernel, const Mat& X);

// k_x: (k_x)_i = Θ^L(x_i, x), (n); and ∂k_x/∂x with row i = ∂Θ^L(x_i, x)/∂x, (n, n0).
Vec ntk_column(const Kernel& kernel, const Mat& X, const Vec& x);
Mat ntk_column_gradient(const Kernel& kernel, const Mat& X, const Vec& x);

// NTK eq. 6: the closed form of the 2-layer kernels for sigmoid_erf(z) = ½ erf(z/2) + ½
// (Williams 1997 for Σ², a Gaussian integral for Σ̇²):
//   Σ² = ¼ + (1/2π) asin(x̂·x / √((2n0 + x̂·x̂)(2n0 + x·x))),
//   Σ̇² = (n0/2π) / √((2n0 + x̂·x̂)(2n0 + x·x) − (x̂·x)²),   Θ² = (x̂·x/n0) Σ̇² + Σ².
KernelValue sigmoid_erf_two_layer_closed_form(const Vec& xhat, const Vec& x);

}  // namespace memo::ntk
