// MEM §2, Thm 1, Thm 3, Thm 6/7, App. I: the minimum-norm linear autoencoder, the
// ϕ-span solution, the wide random-feature ReLU autoencoder and the piecewise-linear memorizer,
// each checked against real GD training or an independent evaluation.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/nn/train.hpp"
#include "theory/min_norm.hpp"
#include "theory/phi_span.hpp"
#include "theory/piecewise_memorizer.hpp"
#include "theory/wide_relu.hpp"

using namespace memo;

namespace {

// One linear layer A without bias; half_sum_over_n has gradient (A − I) S / n, so a step of
// lr is a step γ = lr/n on the loss ½Σ‖Ax_i − x_i‖².
Mlp linear_layer(int d, const Mat& A0) {
  Rng unused(0);
  Mlp net = make_mlp({d, d}, parse_activation("identity"), Parametrization::standard, false, unused);
  net.layers[0].weight.value = A0;
  return net;
}

}  // namespace

TEST_CASE("min-norm linear AE: GD equals A(t) at every step, from zero and from a random A(0)") {
  Rng rng(21);
  const int d = 6, n = 3;
  const Mat X = random_normal(d, n, rng);
  const double lr = 0.5 * n * min_norm::max_stable_rate(X) / 2, gamma = lr / n;  // γ = λmax^{-1}/2
  for (const Mat& A0 : {Mat(Mat::Zero(d, d)), random_normal(d, d, rng, 0.3)}) {
    Mlp net = linear_layer(d, A0);
    Optimizer gd(Sgd{.lr = lr}, parameters(net));
    double worst = 0;
    for (long t = 1; t <= 100; ++t) {
      train(net, X, X, LossKind::half_sum_over_n, gd, {.max_epochs = 1, .quiet = true, .keep_history = false});
      worst = std::max(worst, (net.layers[0].weight.value - min_norm::at_step(X, A0, gamma, t)).cwiseAbs().maxCoeff());
    }
    MESSAGE("‖A_GD(t) − A(t)‖_max over 100 steps: ", worst);
    CHECK(worst < 1e-12);
    // Train on to convergence: the limit keeps A(0)'s part orthogonal to the data (MEM I.2).
    train(net, X, X, LossKind::half_sum_over_n, gd, {.tol = 1e-30, .max_epochs = 20000, .quiet = true});
    const Mat limit = min_norm::limit(X, A0);
    CHECK((net.layers[0].weight.value - limit).cwiseAbs().maxCoeff() < 1e-10);
    // Weyl: σ_i(A(∞)) ≤ σ_i(P) + ‖A(0)(I − P)‖, and from zero A(∞) = P has rank n.
    const Vec sigma = singular_values(limit), bound = min_norm::weyl_upper_bound(X, A0);
    CHECK(((bound - sigma).array() >= -1e-12).all());
    if (A0.isZero()) {
      CHECK((limit - min_norm::projector(X)).cwiseAbs().maxCoeff() < 1e-14);
      CHECK(min_norm::numerical_rank(sigma, 1e-10) == n);
    } else {
      CHECK(min_norm::numerical_rank(sigma, 1e-10) == d);  // noisy memorization: full rank
    }
  }
  CHECK_THROWS_AS(min_norm::limit(X, Mat::Zero(d, d + 1)), Error);
}

TEST_CASE("ϕ-span: a sigmoid layer trained by GD from zero to loss < 1e-14 equals φ^{-1}(X) X^+ (MEM Thm 1)") {
  Rng rng(22);
  const int d = 8, n = 3;
  const Activation sigmoid = parse_activation("sigmoid");
  const Mat X = activate(sigmoid, random_normal(d, n, rng, 0.7));  // entries in (0, 1)
  const Mat A_theory = phi_span::solution(sigmoid, X);
  Rng unused(0);
  Mlp net = make_mlp({d, d}, parse_activation("identity"), Parametrization::standard, false, unused);
  net.output_activation = sigmoid;  // the single layer φ(A x)
  initialize(net, "zero", unused);
  // The distance to A(∞) is about ‖residual‖·‖X^+‖/min φ', i.e. ∝ √loss: with these positive,
  // correlated data (σ_min(X) ≈ 0.3) loss 1e-12 leaves 2.1e-5 and loss 1e-14 leaves 2.1e-6.
  Optimizer gd(Sgd{.lr = 5}, parameters(net));
  const TrainResult fit =
      train(net, X, X, LossKind::half_sum_over_n, gd, {.tol = 1e-14, .max_epochs = 200000, .quiet = true,
                                                       .keep_history = false});
  REQUIRE_MESSAGE(fit.converged(), fit.describe());
  const Mat& A = net.layers[0].weight.value;
  const double gap = (A - A_theory).cwiseAbs().maxCoeff();
  MESSAGE(fit.describe(), "; ‖A_GD − φ^{-1}(X)X^+‖_max = ", gap);
  CHECK(gap < 1e-5);
  CHECK(min_norm::numerical_rank(singular_values(A), 1e-6) == n);
  // Every x_i is a ϕ-eigenvector with eigenvalue 1, and any input lands in ϕ-span(X).
  CHECK((activate(sigmoid, Mat(A_theory * X)) - X).cwiseAbs().maxCoeff() < 1e-12);
  const Mat images = phi_span::image(sigmoid, A_theory, random_normal(d, 20, rng));
  CHECK(phi_span::distance_from_phi_span(sigmoid, X, images) < 1e-10);
  CHECK(phi_span::distance_from_phi_span(sigmoid, X, activate(sigmoid, random_normal(d, 1, rng))) > 1e-3);
  // Clear errors outside the theorem's assumptions.
  CHECK_THROWS_AS(phi_span::solution(sigmoid, activate(sigmoid, random_normal(3, 3, rng))), Error);  // n ≥ d
  Mat deficient = X;
  deficient.col(2) = X.col(1);
  CHECK_THROWS_AS(phi_span::solution(sigmoid, deficient), Error);
  Mat outside = X;
  outside(0, 0) = 1.5;
  CHECK_THROWS_WITH_AS(phi_span::solution(sigmoid, outside), doctest::Contains("outside range"), Error);
  CHECK_THROWS_AS(phi_span::solution(parse_activation("relu"), X), Error);
}

TEST_CASE("ϕ-span: inverse activations invert φ") {
  Rng rng(23);
  const Mat Z = random_normal(5, 4, rng);
  for (const char* name : {"sigmoid", "tanh", "erf", "sigmoid_erf", "exp2", "softplus", "selu", "identity",
                           "linear:0.25,0.5", "leaky_relu:0.1", "power:3"}) {
    const Activation act = parse_activation(name);
    const Mat back = phi_span::inverse_activation(act, activate(act, Z));
    INFO(name);
    CHECK((back - Z).cwiseAbs().maxCoeff() < 1e-9);
  }
}

TEST_CASE("wide ReLU, width 20,000, one example: trained λ1 = exact formula ≈ ‖x‖²/(‖x‖²+1) (MEM Thm 3)") {
  const int d = 4, k = 20000;
  Rng rng(24);
  const Vec direction = random_normal(d, 1, rng).normalized();
  for (double norm : {0.5, 1.0, 3.0}) {
    const Vec x = norm * direction;
    Mlp net = make_mlp({d, k, d}, parse_activation("relu"), Parametrization::standard, true, rng);
    net.layers[0].weight.value = random_normal(k, d, rng);  // W1, b i.i.d. N(0, 1): the same variance
    net.layers[0].bias.value = random_normal(k, 1, rng);
    net.layers[1].has_bias = false;
    net.layers[1].bias.value.resize(0, 0);
    net.layers[1].weight.value.setZero();
    const Mat W1 = net.layers[0].weight.value;
    const Vec b = net.layers[0].bias.value.col(0);
    // Only W2 is trained. The loss ½‖W2 φ − x‖² has curvature ‖φ‖²; half of its inverse converges geometrically.
    const double lr = 0.5 / wide_relu::features(W1, b, x).squaredNorm();
    Optimizer gd(Sgd{.lr = lr}, {&net.layers[1].weight});
    const TrainResult fit = train(net, Mat(x), Mat(x), LossKind::half_sum_over_n, gd,
                                  {.tol = 1e-24, .max_epochs = 200, .quiet = true, .keep_history = false});
    REQUIRE_MESSAGE(fit.converged(), fit.describe());
    CHECK((net.layers[1].weight.value - wide_relu::min_norm_readout(W1, b, x)).cwiseAbs().maxCoeff() < 1e-12);
    const double measured = spectral_radius(jacobian(net, x));
    const double exact = wide_relu::lambda(W1, b, x), limit = wide_relu::lambda_limit(norm);
    MESSAGE("‖x‖ = ", norm, ": trained ", measured, ", exact ", exact, ", k→∞ ", limit, ", gap ", measured - limit);
    CHECK(std::abs(measured - exact) < 1e-9);
    CHECK(std::abs(measured - limit) < 0.02);
  }
}

TEST_CASE("piecewise memorizer: slope a < 1 at every x_i, error below ε on uniform data (MEM Thm 6/7)") {
  Rng rng(25);
  const int d = 3, n = 5;
  const Mat X = random_uniform(d, n, rng, 0.1, 0.9);
  const double eps = 1e-3;
  const PiecewiseMemorizer memorizer = piecewise_memorizer(X, eps);
  const Mlp& net = memorizer.net;
  CHECK(net.widths == std::vector<int>{d, (2 * n + 1) * d, d});
  CHECK((forward(net, X) - X).cwiseAbs().maxCoeff() < 1e-12);  // every x_i is a fixed point
  for (int i = 0; i < n; ++i) {
    const Mat J = jacobian(net, X.col(i));
    CHECK((J - Mat(memorizer.slope.asDiagonal())).cwiseAbs().maxCoeff() < 1e-12);
    CHECK(spectral_radius(J) < 1);  // an attractor (AM Prop. 1)
  }
  CHECK((memorizer.slope.array() < 1).all());
  // Iterating from near x_0 returns to x_0.
  Vec z = X.col(0) + Vec::Constant(d, 0.2 * memorizer.delta.minCoeff());
  for (int t = 0; t < 2000; ++t) z = forward(net, Mat(z));
  CHECK((z - X.col(0)).norm() < 1e-9);
  // Reconstruction error on uniform data, and the net equals the paper's formula evaluated directly.
  const Mat U = random_uniform(d, 20000, rng, 0, 1);
  const Mat error = forward(net, U) - U;
  MESSAGE("max |f(z) − z| = ", error.cwiseAbs().maxCoeff(), ", mean squared ", error.array().square().mean(),
          " (ε = ", eps, ")");
  CHECK(error.cwiseAbs().maxCoeff() <= eps + 1e-12);
  CHECK(error.array().square().mean() < eps);
  for (int c = 0; c < d; ++c) {
    std::vector<double> x(X.row(c).begin(), X.row(c).end());
    std::sort(x.begin(), x.end());
    const double delta = memorizer.delta(c), e = memorizer.epsilon(c), a = (2 * delta - 2 * e) / (2 * delta);
    auto paper_map = [&](double z) {  // MEM App. I.1, case by case
      if (z < x[0] - delta) return (x[0] - delta + e) / (x[0] - delta) * z;
      if (z >= x[n - 1] + delta) return (1 - (x[n - 1] + delta - e)) / (1 - (x[n - 1] + delta)) * (z - 1) + 1;
      for (int i = 0; i < n; ++i) {
        if (z >= x[i] - delta && z < x[i] + delta) return a * z + (1 - a) * (x[i] - delta) + e;
        if (z >= x[i] + delta && z < x[i + 1] - delta) {
          const double bi = (x[i + 1] - x[i] - 2 * delta + 2 * e) / (x[i + 1] - x[i] - 2 * delta);
          return bi * z + (1 - bi) * (x[i] + delta) - e;
        }
      }
      return std::nan("");
    };
    double worst = 0;
    for (Eigen::Index j = 0; j < U.cols(); ++j) worst = std::max(worst, std::abs(error(c, j) + U(c, j) - paper_map(U(c, j))));
    CHECK(worst < 1e-12);
  }
  Mat repeated = X;
  repeated(1, 1) = repeated(1, 0);
  CHECK_THROWS_AS(piecewise_memorizer(repeated, eps), Error);
  CHECK_THROWS_AS(piecewise_memorizer(X, 0), Error);
}
