// MEM §2, Thm 1, Thm 3, Thm 6/7, App. I: the minimum-norm linear autoencoder, the
// ϕ-span solution, the wide random-feature ReLU autoencoder and the piecewise-linear memorizer,
// each checked against real GD training (the experiments mem-linear, mem-phi-span,
// mem-relu-wide, mem-piecewise) or an independent evaluation.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/mem/linear.hpp"
#include "lib/experiments/mem/phi_span.hpp"
#include "lib/experiments/mem/piecewise.hpp"
#include "lib/experiments/mem/relu_wide.hpp"
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
  }
  // The closed-form limit (MEM I.2) and Weyl: σ_i(A(∞)) ≤ σ_i(P) + ‖A(0)(I − P)‖.
  const Mat A0 = random_normal(d, d, rng, 0.3);
  CHECK((min_norm::limit(X, Mat::Zero(d, d)) - min_norm::projector(X)).cwiseAbs().maxCoeff() < 1e-14);
  const Vec sigma = singular_values(min_norm::limit(X, A0)), bound = min_norm::weyl_upper_bound(X, A0);
  CHECK(((bound - sigma).array() >= -1e-12).all());
  CHECK_THROWS_AS(min_norm::limit(X, Mat::Zero(d, d + 1)), Error);
}

TEST_CASE("min-norm linear AE trained to convergence: P from zero (rank n), P + A(0)(I − P) from A(0) (MEM §2, I.2)") {
  mem::LinearSettings settings = mem::linear_presets().front().second;
  settings.dim = 6;
  settings.examples = 3;
  settings.init_std = 0.3;
  const ExperimentResult r = mem::run_linear(settings, {.seed = 21});
  const auto value = [&](const char* key) { return r.measured.at(key).get<double>(); };
  const auto values = [&](const char* key) { return r.measured.at(key).get<std::vector<double>>(); };
  CHECK(value("zero_init_max_deviation") < 1e-10);
  CHECK(value("zero_init_rank") == 3);
  const std::vector<double> projector = values("projector_singular_values");
  for (int i = 0; i < 6; ++i) CHECK(std::abs(projector[i] - (i < 3 ? 1.0 : 0.0)) < 1e-12);  // P = X X⁺
  CHECK(value("noisy_init_max_entry_deviation") < 1e-10);
  CHECK(value("noisy_init_rank") == 6);  // noisy memorization: full rank
  // Weyl: σ_i(A(∞)) ≤ σ_i(P) + ‖A(0)(I − P)‖
  const std::vector<double> sigma = values("noisy_limit_singular_values"), bound = values("weyl_upper_bound");
  for (int i = 0; i < 6; ++i) CHECK(bound[i] - sigma[i] >= -1e-12);
  const Comparison& kept = r.comparison("from A(0)");
  CHECK(std::abs(kept.measured - *kept.theory) < 1e-10);
  CHECK(r.all_agree());
  settings.examples = 6;
  CHECK_THROWS_WITH_AS(mem::run_linear(settings, {}), doctest::Contains("--examples 6"), Error);
}

TEST_CASE("ϕ-span: a sigmoid layer trained by GD from zero to loss < 1e-14 equals φ^{-1}(X) X^+ (MEM Thm 1)") {
  // The distance to A(∞) is about ‖residual‖·‖X^+‖/min φ', i.e. ∝ √loss: with these positive,
  // correlated data (σ_min(X) ≈ 0.3) loss 1e-12 leaves 2.1e-5 and loss 1e-14 leaves 2.1e-6.
  const ExperimentResult r = mem::run_phi_span(mem::phi_span_presets().front().second, {.seed = 22});
  const double gap = r.comparison("max|A").measured;
  MESSAGE(r.notes.at(0), "; ‖A_GD − φ^{-1}(X)X^+‖_max = ", gap);
  REQUIRE(r.measured.at("converged").get<bool>());
  CHECK(r.measured.at("final_loss").get<double>() < 1e-14);
  CHECK(gap < 1e-5);
  CHECK(r.measured.at("rank").get<int>() == 3);
  // Every x_i is a ϕ-eigenvector with eigenvalue 1, and any input lands in ϕ-span(X).
  CHECK(r.measured.at("phi_eigenvector_residual").get<double>() < 1e-12);
  CHECK(r.measured.at("image_distance_from_phi_span").get<double>() < 1e-10);
  CHECK(r.measured.at("control_distance_from_phi_span").get<double>() > 1e-3);
  CHECK(r.all_agree());
  mem::PhiSpanSettings relu = mem::phi_span_presets().front().second;
  relu.act = "relu";
  CHECK_THROWS_WITH_AS(mem::run_phi_span(relu, {}), doctest::Contains("not invertible"), Error);
}

TEST_CASE("ϕ-span: the closed form refuses data outside the theorem's assumptions") {
  Rng rng(22);
  const int d = 8, n = 3;
  const Activation sigmoid = parse_activation("sigmoid");
  const Mat X = activate(sigmoid, random_normal(d, n, rng, 0.7));
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
  mem::ReluWideSettings settings = mem::relu_wide_presets().front().second;
  settings.norms = {0.5, 1.0, 3.0};
  REQUIRE(settings.width == 20000);
  const ExperimentResult r = mem::run_relu_wide(settings, {.seed = 24});
  REQUIRE(r.measured.at("runs").size() == 3);
  for (const Json& run : r.measured.at("runs")) {
    const double norm = run.at("norm").get<double>(), measured = run.at("trained_lambda").get<double>();
    const double exact = run.at("exact_lambda").get<double>(), limit = run.at("limit_lambda").get<double>();
    MESSAGE("‖x‖ = ", norm, ": trained ", measured, ", exact ", exact, ", k→∞ ", limit, ", gap ", measured - limit);
    REQUIRE(run.at("converged").get<bool>());
    CHECK(run.at("readout_deviation").get<double>() < 1e-12);  // W2 = the minimum-norm readout
    CHECK(limit == doctest::Approx(norm * norm / (norm * norm + 1)).epsilon(1e-14));
    CHECK(std::abs(measured - exact) < 1e-9);
    CHECK(std::abs(measured - limit) < 0.02);
  }
  CHECK(r.all_agree());
}

TEST_CASE("piecewise memorizer: slope a < 1 at every x_i, error below ε on uniform data (MEM Thm 6/7)") {
  const mem::PiecewiseSettings s = mem::piecewise_presets().front().second;
  const ExperimentResult r = mem::run_piecewise(s, {.seed = 25});
  const auto value = [&](const char* key) { return r.measured.at(key).get<double>(); };
  CHECK(value("hidden_units") == (2 * s.examples + 1) * s.dim);
  CHECK(value("fixed_point_error") < 1e-12);     // every x_i is a fixed point
  CHECK(value("jacobian_minus_slope") < 1e-12);  // J(x_i) = diag(a)
  CHECK(value("max_spectral_radius") < 1);       // an attractor (AM Prop. 1)
  CHECK(value("max_slope") < 1);
  CHECK(value("orbit_distance_from_x1") < 1e-9);  // iterating from near x_1 returns to x_1
  const double worst = r.comparison("max |f(z)").measured;
  MESSAGE("max |f(z) − z| = ", worst, ", mean squared ", value("mean_squared_error"), " (ε = ", s.epsilon, ")");
  CHECK(worst <= s.epsilon + 1e-12);
  CHECK(value("mean_squared_error") < s.epsilon);
  CHECK(r.all_agree());
}

TEST_CASE("piecewise memorizer: the network equals MEM App. I.1's formula evaluated directly") {
  Rng rng(25);
  const int d = 3, n = 5;
  const Mat X = random_uniform(d, n, rng, 0.1, 0.9);
  const double eps = 1e-3;
  const PiecewiseMemorizer memorizer = piecewise_memorizer(X, eps);
  const Mat U = random_uniform(d, 20000, rng, 0, 1);
  const Mat error = forward(memorizer.net, U) - U;
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
