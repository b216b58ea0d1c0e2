// NTK kernels: Gauss–Hermite against exact Gaussian moments, eq. 6 against the
// quadrature, the corrected ∂Θ/∂x against central differences, and the analytic kernel
// against the empirical NTK of a wide network (inner products of tape parameter gradients).
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "datasets/synthetic.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/nn/mlp.hpp"
#include "theory/ntk_kernel.hpp"

using namespace memo;
using namespace memo::ntk;

namespace {


// Central differences of x ↦ Θ^L(x̂, x).
Vec numeric_ntk_gradient(const Kernel& kernel, const Vec& xhat, const Vec& x, double h) {
  Vec g(x.size());
  for (Eigen::Index k = 0; k < x.size(); ++k) {
    Vec plus = x, minus = x;
    plus(k) += h, minus(k) -= h;
    g(k) = (kernel_value(kernel, xhat, plus).ntk - kernel_value(kernel, xhat, minus).ntk) / (2 * h);
  }
  return g;
}

}  // namespace

TEST_CASE("Gauss–Hermite (Golub–Welsch) integrates Gaussian moments exactly") {
  const GaussianRule rule = gauss_hermite_rule(20);
  CHECK(rule.weights.sum() == doctest::Approx(1.0).epsilon(1e-14));
  double double_factorial = 1;  // E[z^{2k}] = (2k − 1)!!, exact up to 2k = 2m − 1 = 39
  for (int k = 1; k <= 19; ++k) {
    double_factorial *= 2 * k - 1;
    const double moment = (rule.weights.array() * rule.nodes.array().pow(2 * k)).sum();
    CHECK(moment / double_factorial == doctest::Approx(1.0).epsilon(1e-10));
    CHECK(std::abs((rule.weights.array() * rule.nodes.array().pow(2 * k - 1)).sum()) < 1e-12 * double_factorial);
  }
  // E[e^{tz}] = e^{t²/2} (entire integrand: spectral convergence)
  const GaussianRule big = gauss_hermite_rule(64);
  CHECK((big.weights.array() * (1.5 * big.nodes.array()).exp()).sum() == doctest::Approx(std::exp(1.125)).epsilon(1e-13));
  CHECK_THROWS_AS(gauss_hermite_rule(0), Error);
  // the trapezoidal rule: geometric convergence, exact to rounding for smooth moments
  const GaussianRule trapezoid = gaussian_trapezoid_rule(128);
  CHECK((trapezoid.weights.array() * trapezoid.nodes.array().pow(4)).sum() == doctest::Approx(3.0).epsilon(1e-13));
  CHECK((trapezoid.weights.array() * trapezoid.nodes.array().pow(8)).sum() == doctest::Approx(105.0).epsilon(1e-13));
  CHECK((trapezoid.weights.array() * (1.5 * trapezoid.nodes.array()).exp()).sum() ==
        doctest::Approx(std::exp(1.125)).epsilon(1e-13));
  CHECK_THROWS_AS(gaussian_trapezoid_rule(1), Error);
  CHECK_THROWS_AS(parse_quadrature("simpson"), Error);
}

TEST_CASE("bivariate moments: E[uv], E[u²v²] and the |ρ| = 1 path") {
  const GaussianRule rule = gauss_hermite_rule(12);
  const Activation identity = parse_activation("identity"), square = parse_activation("power:2");
  const double var_u = 1.7, cov = -0.6, var_v = 0.9;
  const DerivativeMoments M = derivative_moments(identity, var_u, cov, var_v, rule);
  CHECK(M(0, 0) == doctest::Approx(cov).epsilon(1e-13));
  CHECK(M(1, 1) == doctest::Approx(1.0).epsilon(1e-13));
  CHECK(std::abs(M(0, 1)) < 1e-13);
  // Isserlis: E[u²v²] = var_u var_v + 2 cov²
  const DerivativeMoments S = derivative_moments(square, var_u, cov, var_v, rule);
  CHECK(S(0, 0) == doctest::Approx(var_u * var_v + 2 * cov * cov).epsilon(1e-13));
  // v = −u exactly: E[u²v²] = E[u⁴] = 3 var²
  CHECK(derivative_moments(square, 2.0, -2.0, 2.0, rule)(0, 0) == doctest::Approx(12.0).epsilon(1e-13));
  CHECK_THROWS_AS(derivative_moments(identity, -1, 0, 1, rule), Error);
}

TEST_CASE("NTK eq. 6 (closed form for sigmoid_erf) equals the quadrature to 1e-10") {
  Rng rng(61);
  const Kernel kernel = make_kernel(parse_activation("sigmoid_erf"), 2);
  double worst = 0;
  for (const double radius : {0.5, 1.0, 4.0, 8.0}) {
    const Mat X = sphere_points(16, 3, radius, rng);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) {
        const KernelValue quadrature = kernel_value(kernel, X.col(i), X.col(j));
        const KernelValue closed = sigmoid_erf_two_layer_closed_form(X.col(i), X.col(j));
        worst = std::max({worst, std::abs(quadrature.ntk - closed.ntk), std::abs(quadrature.nngp - closed.nngp),
                          std::abs(quadrature.nngp_dot - closed.nngp_dot)});
      }
  }
  MESSAGE("max |eq. 6 − quadrature| over Θ², Σ², Σ̇² (r ≤ 8, n0 = 16): " << worst);
  CHECK(worst < 1e-10);
  // Θ(x, 0) = Σ²(x, 0) = ¼ (the output bias σ(0)² of a zero input)
  CHECK(sigmoid_erf_two_layer_closed_form(Vec::Ones(4), Vec::Zero(4)).ntk == doctest::Approx(0.25));
}

TEST_CASE("the sigmoid kernel: quadrature converged, and what the erf approximation costs") {
  Rng rng(62);
  const Activation sigmoid = parse_activation("sigmoid"), sigmoid_erf = parse_activation("sigmoid_erf");
  const Kernel k2 = make_kernel(sigmoid, 2), k2_fine = make_kernel(sigmoid, 2, 400);
  const Kernel k3 = make_kernel(sigmoid, 3), k3_fine = make_kernel(sigmoid, 3, 400);
  const Kernel k2_hermite = make_kernel(sigmoid, 2, kDefaultNodes, Quadrature::gauss_hermite);
  // Bounds from the sup-norm differences of σ and σ' (0 < σ < 1, 0 < σ' ≤ 1/(2√π)):
  //   |ΔΣ²| ≤ 2 sup|Δσ|,  |ΔΣ̇²| ≤ 2 sup|Δσ'| /(2√π),  |ΔΘ²| ≤ |Σ¹| |ΔΣ̇²| + |ΔΣ²|.
  double sup_difference = 0, sup_derivative_difference = 0;
  for (double z = -20; z <= 20; z += 1e-3) {
    sup_difference = std::max(sup_difference, std::abs(activate(sigmoid, z) - activate(sigmoid_erf, z)));
    sup_derivative_difference =
        std::max(sup_derivative_difference, std::abs(activate(sigmoid, z, 1) - activate(sigmoid_erf, z, 1)));
  }
  double convergence = 0, hermite_gap = 0, kernel_difference = 0, nngp_difference = 0;
  for (const double radius : {1.0, 8.0}) {
    const Mat X = sphere_points(16, 2, radius, rng);
    for (int i = 0; i < 2; ++i) {
      const Vec xhat = X.col(0), x = X.col(i);
      const KernelValue a = kernel_value(k2, xhat, x);
      convergence = std::max({convergence, std::abs(a.ntk - kernel_value(k2_fine, xhat, x).ntk),
                              std::abs(kernel_value(k3, xhat, x).ntk - kernel_value(k3_fine, xhat, x).ntk)});
      hermite_gap = std::max(hermite_gap, std::abs(a.ntk - kernel_value(k2_hermite, xhat, x).ntk));
      const KernelValue e = sigmoid_erf_two_layer_closed_form(xhat, x);
      kernel_difference = std::max(kernel_difference, std::abs(a.ntk - e.ntk) / e.ntk);
      nngp_difference = std::max(nngp_difference, std::abs(a.nngp - e.nngp));
      const double bound = std::abs(xhat.dot(x) / 16) * sup_derivative_difference / std::sqrt(std::numbers::pi) +
                           2 * sup_difference;
      CHECK(std::abs(a.ntk - e.ntk) <= bound);
    }
  }
  MESSAGE("sigmoid NTK, 128 vs 400 trapezoid nodes (r ≤ 8, n0 = 16, L = 2, 3): " << convergence
          << "; Gauss–Hermite 128 vs trapezoid 128: " << hermite_gap);
  MESSAGE("sup|σ − σ_erf| = " << sup_difference << ", sup|σ' − σ_erf'| = " << sup_derivative_difference
          << "; sigmoid vs sigmoid_erf 2-layer NTK: max relative difference " << kernel_difference
          << ", NNGP max |difference| " << nngp_difference);
  CHECK(convergence < 1e-10);
  CHECK(nngp_difference <= 2 * sup_difference);
  CHECK(kernel_difference > 1e-4);  // a real approximation, not the same kernel
}

TEST_CASE("∂Θ^L/∂x: recursion = central differences (1e-7 relative); the paper's printed term is wrong") {
  Rng rng(63);
  const double h = 1e-5;
  for (const std::string act : {"sigmoid", "tanh", "sigmoid_erf", "swish"}) {
    for (const int layers : {2, 3}) {
      CAPTURE(act);
      CAPTURE(layers);
      const Kernel kernel = make_kernel(parse_activation(act), layers);
      const Mat X = sphere_points(6, 2, 2.5, rng);
      for (const Vec& x : {Vec(X.col(1)), Vec(X.col(0))}) {  // x̂ ≠ x, and x = x̂ (ρ = 1)
        const KernelGradient analytic = kernel_gradient(kernel, X.col(0), x);
        const Vec numeric = numeric_ntk_gradient(kernel, X.col(0), x, h);
        CHECK((analytic.ntk_gradient - numeric).norm() / numeric.norm() < 1e-7);
        CHECK(analytic.value.ntk == doctest::Approx(kernel_value(kernel, X.col(0), x).ntk).epsilon(1e-14));
      }
    }
  }
  // L = 2: the corrected explicit formula (theory/NOTES.md), and the paper's version with E[σ'(u)σ''(v)] in the
  // third term.
  const Activation sigmoid = parse_activation("sigmoid");
  const Kernel kernel = make_kernel(sigmoid, 2);
  const Mat X = sphere_points(6, 2, 2.5, rng);
  const Vec xhat = X.col(0), x = X.col(1);
  const double n0 = 6, s = xhat.dot(x) / n0;
  const DerivativeMoments M =
      derivative_moments(sigmoid, xhat.squaredNorm() / n0, s, x.squaredNorm() / n0, kernel.rule);
  const Vec spec = (2 / n0) * M(1, 1) * xhat + (s / n0) * M(2, 2) * xhat + (s / n0) * M(1, 3) * x + (1 / n0) * M(0, 2) * x;
  const Vec printed = (2 / n0) * M(1, 1) * xhat + (s / n0) * M(2, 2) * xhat + (s / n0) * M(1, 2) * x + (1 / n0) * M(0, 2) * x;
  const Vec numeric = numeric_ntk_gradient(kernel, xhat, x, h);
  const double spec_error = (spec - numeric).norm() / numeric.norm();
  const double printed_error = (printed - numeric).norm() / numeric.norm();
  MESSAGE("2-layer ∂Θ/∂x relative error: corrected formula " << spec_error << ", paper's printed formula " << printed_error);
  CHECK((spec - kernel_gradient(kernel, xhat, x).ntk_gradient).norm() < 1e-14);
  CHECK(spec_error < 1e-7);
  CHECK(printed_error > 1e-4);
  CHECK_THROWS_AS(kernel_gradient(make_kernel(parse_activation("relu"), 2), xhat, x), Error);
}

TEST_CASE("Gram matrix: symmetric, positive definite, equal to pairwise values") {
  Rng rng(64);
  const Kernel kernel = make_kernel(parse_activation("sigmoid"), 3, 32);
  const Mat X = sphere_points(8, 4, 2.0, rng);
  const KernelGram gram = kernel_gram(kernel, X);
  CHECK((gram.ntk - gram.ntk.transpose()).norm() == 0);
  CHECK(gram.ntk(1, 3) == kernel_value(kernel, X.col(1), X.col(3)).ntk);
  CHECK(gram.nngp(2, 0) == kernel_value(kernel, X.col(0), X.col(2)).nngp);  // the Gram evaluates i ≤ j
  // the quadrature grid is not symmetric in (x̂, x): swapping them moves the last bits only
  CHECK(std::abs(gram.nngp(2, 0) - kernel_value(kernel, X.col(2), X.col(0)).nngp) < 1e-14);
  CHECK(Eigen::SelfAdjointEigenSolver<Mat>(gram.ntk).eigenvalues().minCoeff() > 0);
  CHECK((ntk_column(kernel, X, X.col(2)) - gram.ntk.col(2)).norm() < 1e-15);
}

TEST_CASE("empirical NTK of a width-4096 network = analytic Θ^L within 5% (L = 2, 3)") {
  const int n0 = 6, width = 4096;
  Rng data_rng(65);
  const Mat X = sphere_points(n0, 2, std::sqrt(static_cast<double>(n0)), data_rng);
  const Activation sigmoid = parse_activation("sigmoid");
  for (const int layers : {2, 3}) {
    CAPTURE(layers);
    std::vector<int> widths(layers + 1, width);
    widths.front() = widths.back() = n0;
    Rng rng(66 + layers);
    Mlp net = make_mlp(widths, sigmoid, Parametrization::ntk, false, rng);
    // Θ_emp(x_a, x_b)_dd averaged over the n0 outputs (the limit is Θ^L I).
    Mat empirical = Mat::Zero(2, 2);
    for (int d = 0; d < n0; ++d) {
      const Vec g0 = parameter_gradient(net, X.col(0), d), g1 = parameter_gradient(net, X.col(1), d);
      empirical(0, 0) += g0.squaredNorm() / n0;
      empirical(0, 1) += g0.dot(g1) / n0;
      empirical(1, 1) += g1.squaredNorm() / n0;
    }
    const KernelGram analytic = kernel_gram(make_kernel(sigmoid, layers), X);
    const double worst = std::max({std::abs(empirical(0, 0) / analytic.ntk(0, 0) - 1),
                                   std::abs(empirical(0, 1) / analytic.ntk(0, 1) - 1),
                                   std::abs(empirical(1, 1) / analytic.ntk(1, 1) - 1)});
    MESSAGE("L = " << layers << ": Θ analytic " << analytic.ntk(0, 0) << ", " << analytic.ntk(0, 1) << "; empirical "
                   << empirical(0, 0) << ", " << empirical(0, 1) << "; worst relative gap " << worst);
    CHECK(worst < 0.05);
  }
}

TEST_CASE("the default trapezoid rule refines itself at large radius (pre-activation sd up to 11)") {
  // A fixed 128-node rule misses badly once the sd passes ~6; the kernel picks
  // ⌈128·sd/2.5⌉ nodes instead. Reference: the same rule with 4× finer spacing (512 base nodes).
  const Activation sigmoid = parse_activation("sigmoid");
  const int n0 = 32;
  Rng rng(41);
  for (double radius : {32.0, 64.0}) {
    CAPTURE(radius);
    const Vec a = radius * random_normal(n0, 1, rng).normalized();
    const Vec b = radius * random_normal(n0, 1, rng).normalized();
    const auto fine = ntk::make_kernel(sigmoid, 3, 512);
    const auto automatic = ntk::make_kernel(sigmoid, 3);
    const auto reference = ntk::kernel_gradient(fine, a, b), value = ntk::kernel_gradient(automatic, a, b);
    CHECK(std::abs(value.value.ntk - reference.value.ntk) < 1e-8 * std::abs(reference.value.ntk));
    CHECK((value.ntk_gradient - reference.ntk_gradient).norm() < 1e-7 * reference.ntk_gradient.norm());
  }
}
