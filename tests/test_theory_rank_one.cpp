// AM Thm 1–4, Cor. 1, Invariant 5: real networks in the rank-one forms, trained by
// gradient descent on the tape, land where the reduced gradient flow of theory/rank_one says.
// GD with lr 1e-4 follows the flow to O(lr), so trained and theory λ1 agree to ~1e-4.
#include <doctest/doctest.h>

#include <cmath>

#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/nn/train.hpp"
#include "theory/rank_one.hpp"
#include "theory/rank_one_networks.hpp"
#include "theory/span_invariant.hpp"

using namespace memo;

namespace {

Vec random_unit_vector(int d, Rng& rng) {
  const Vec x = random_normal(d, 1, rng);
  return x / x.norm();
}

// GD on ½‖y − f(x)‖² (half_sum_over_n with one example) until the loss is below tol.
void train_map(Mlp& net, const Vec& x, const Vec& y, double lr, double tol, long max_epochs) {
  Optimizer gd(Sgd{.lr = lr}, parameters(net));
  const TrainResult fit = train(net, Mat(x), Mat(y), LossKind::half_sum_over_n, gd,
                                {.tol = tol, .max_epochs = max_epochs, .quiet = true, .keep_history = false});
  REQUIRE_MESSAGE(fit.converged(), fit.describe());
}

// The trained autoencoder's top Jacobian eigenvalue (modulus) at x.
double trained_lambda(Mlp& net, const Vec& x, double lr = 1e-4) {
  train_map(net, x, x, lr, 1e-14, 2000000);
  return spectral_radius(jacobian(net, x));
}

// Reads (b, w_2, …, a) back from a trained chain and checks the rank-one form survived
// (Invariants 1–2: every entry of each layer moved by the same amount).
std::vector<double> chain_scalars(const Mlp& net, const Vec& x) {
  std::vector<double> params;
  const size_t L = net.layers.size();
  for (size_t i = 0; i < L; ++i) {
    const Mat& W = net.layers[i].weight.value;
    Mat expected;
    double scalar;
    if (i == 0) {
      scalar = W.row(0).dot(x);
      expected = Vec::Constant(W.rows(), scalar) * x.transpose();
    } else if (i + 1 == L) {
      scalar = W.col(0).dot(x);
      expected = x * Vec::Constant(W.cols(), scalar).transpose();
    } else {
      scalar = W(0, 0);
      expected = Mat::Constant(W.rows(), W.cols(), scalar);
    }
    CHECK((W - expected).cwiseAbs().maxCoeff() < 1e-12);
    params.push_back(scalar);
  }
  return params;
}

}  // namespace

TEST_CASE("rank one, sigmoid k=2 from u0=v0=1: GD with lr 1e-4 lands on λ1 = e_φ(v) = 0.26304 (AM Thm 2)") {
  const auto theory = rank_one::solve(parse_activation("sigmoid"), 2, 1, 1);
  CHECK(std::abs(theory.u - 0.69745) < 1e-5);
  CHECK(std::abs(theory.v - 0.92915) < 1e-5);
  CHECK(std::abs(theory.lambda - 0.26304) < 1e-5);
  Rng rng(5);
  const Vec x = random_unit_vector(8, rng);
  Mlp net = rank_one::chain_network(x, x, parse_activation("sigmoid"), {2}, {1, 1});
  const double measured = trained_lambda(net, x);
  const std::vector<double> trained = chain_scalars(net, x);
  MESSAGE("sigmoid k=2: theory λ1 ", theory.lambda, ", trained ", measured, ", gap ", measured - theory.lambda,
          "; (u, v) gaps ", trained[1] - theory.u, ", ", trained[0] - theory.v);
  CHECK(std::abs(measured - theory.lambda) < 1e-3);
  CHECK(std::abs(trained[0] - theory.v) < 1e-3);
  CHECK(std::abs(trained[1] - theory.u) < 1e-3);
  // rank one: the second eigenvalue is zero
  CHECK(std::abs(eigenvalues(jacobian(net, x))(1)) < 1e-10);
}

TEST_CASE("rank one, exp2 from u0=v0=0: k=1,2,3 give λ1 = 0.60108, 0.28357, 0.16103, and so does GD") {
  const double reference[] = {0.60108, 0.28357, 0.16103};
  Rng rng(6);
  const Vec x = random_unit_vector(8, rng);
  for (int k = 1; k <= 3; ++k) {
    const auto theory = rank_one::solve(parse_activation("exp2"), k, 0, 0);
    CHECK(std::abs(theory.lambda - reference[k - 1]) < 1e-5);
    Mlp net = rank_one::chain_network(x, x, parse_activation("exp2"), {k}, {0, 0});
    const double measured = trained_lambda(net, x);
    MESSAGE("exp2 k=", k, ": theory ", theory.lambda, ", trained ", measured, ", gap ", measured - theory.lambda);
    CHECK(std::abs(measured - theory.lambda) < 1e-3);
  }
}

TEST_CASE("deep chain with one hidden layer reproduces the one-layer solver") {
  const auto one = rank_one::solve(parse_activation("sigmoid"), 2, 1, 1);
  const auto chain = rank_one::solve_chain(parse_activation("sigmoid"), {2}, {1, 1});
  CHECK(std::abs(chain.lambda - one.lambda) < 1e-9);
  CHECK(std::abs(chain.params[0] - one.v) < 1e-9);
  CHECK(std::abs(chain.params[1] - one.u) < 1e-9);
}

TEST_CASE("deep chain, power:m with any widths: trained λ1 = m^(d−1) (AM App. C)") {
  Rng rng(7);
  const Vec x = random_unit_vector(8, rng);
  struct Case {
    std::string act;
    std::vector<int> widths;
    std::vector<double> init;
    double expected;
  };
  for (const Case& c : {Case{"power:2", {3, 2}, {0.5, 0.5, 0.5}, 4.0}, Case{"power:3", {2, 3, 2}, {1, 0.5, 0.3, 0.5}, 27.0}}) {
    const auto theory = rank_one::solve_chain(parse_activation(c.act), c.widths, c.init);
    CHECK(std::abs(theory.lambda - c.expected) < 1e-9);
    Mlp net = rank_one::chain_network(x, x, parse_activation(c.act), c.widths, c.init);
    const double measured = trained_lambda(net, x);
    MESSAGE(c.act, ": m^(d−1) = ", c.expected, ", trained ", measured);
    CHECK(std::abs(measured - c.expected) < 1e-3 * c.expected);
  }
}

TEST_CASE("deep chain, 3 hidden sigmoid layers: trained λ1 = product of elasticities = flow prediction") {
  Rng rng(8);
  const Vec x = random_unit_vector(8, rng);
  const Activation sigmoid = parse_activation("sigmoid");
  const std::vector<int> widths{3, 4, 2};
  const std::vector<double> init{1, 0.5, 0.5, 0.5};
  const auto theory = rank_one::solve_chain(sigmoid, widths, init);
  Mlp net = rank_one::chain_network(x, x, sigmoid, widths, init);
  const double measured = trained_lambda(net, x);
  const std::vector<double> trained = chain_scalars(net, x);
  // The trained network's own product of elasticities, from its own pre-activations; off the
  // exact fixed point the eigenvalue is ∏e_φ(p_i) · (f(x)·x), an identity.
  const double product = rank_one::chain_lambda(sigmoid, widths, trained);
  MESSAGE("3-layer sigmoid: flow λ1 ", theory.lambda, ", trained ", measured, ", trained ∏e ", product);
  CHECK(std::abs(measured - product * rank_one::chain_output(sigmoid, widths, trained)) < 1e-13);
  CHECK(std::abs(measured - product) < 1e-8);
  CHECK(std::abs(measured - theory.lambda) < 1e-3);
  CHECK(std::abs(measured - theory.lambda) < 1e-2 * theory.lambda);
  for (size_t i = 0; i < trained.size(); ++i) CHECK(std::abs(trained[i] - theory.params[i]) < 1e-3);
}

TEST_CASE("two sequence maps composed: top eigenvalue of the composition = ∏ e_φ(v^(i)) (AM Thm 4)") {
  Rng rng(9);
  const Vec x1 = random_unit_vector(8, rng), x2 = random_unit_vector(8, rng);
  // f1: x1 → x2 (sigmoid, k=2, from 1,1); f2: x2 → x1 (exp2, k=1, from 0,0), a closed sequence.
  const auto theory1 = rank_one::solve(parse_activation("sigmoid"), 2, 1, 1);
  const auto theory2 = rank_one::solve(parse_activation("exp2"), 1, 0, 0);
  Mlp f1 = rank_one::chain_network(x1, x2, parse_activation("sigmoid"), {2}, {1, 1});
  Mlp f2 = rank_one::chain_network(x2, x1, parse_activation("exp2"), {1}, {0, 0});
  train_map(f1, x1, x2, 1e-4, 1e-14, 2000000);
  train_map(f2, x2, x1, 1e-4, 1e-14, 2000000);
  const Vec y = forward(f1, Mat(x1));
  const Mat J = jacobian(f2, y) * jacobian(f1, x1);
  const double predicted = rank_one::composition_lambda({theory1.lambda, theory2.lambda});
  const double measured = spectral_radius(J);
  MESSAGE("composition: ∏λ ", predicted, ", measured ", measured);
  CHECK(std::abs(measured - predicted) < 1e-3);
  // an open sequence: the eigenvalue picks up the cosine between the ends
  CHECK(rank_one::composition_lambda({0.5, 0.5}, 0.2) == doctest::Approx(0.05));
}

TEST_CASE("Corollary 1: u = 1/(kφ(v)) with v = −3 interpolates x but iteration from x moves away") {
  Rng rng(10);
  const Vec x = random_unit_vector(8, rng);
  const Activation sigmoid = parse_activation("sigmoid");
  const Mlp net = rank_one::interpolating_non_attractor(x, sigmoid, 2, -3);
  CHECK((forward(net, Mat(x)) - x).norm() < 1e-12);
  const ComplexVec eig = eigenvalues(jacobian(net, x));
  CHECK(eig(0).real() == doctest::Approx(elasticity(sigmoid, -3)).epsilon(1e-10));  // ≈ −2.86
  Vec z = x + 1e-6 * random_unit_vector(8, rng);
  const double start = (z - x).norm();
  for (int i = 0; i < 8; ++i) z = forward(net, Mat(z));
  MESSAGE("distance from x: ", start, " → ", (z - x).norm(), " after 8 iterations");
  CHECK((z - x).norm() > 100 * start);
  CHECK_THROWS_AS(rank_one::interpolating_non_attractor(x, sigmoid, 2, 1), Error);  // |e| < 1: an attractor
  CHECK_THROWS_AS(rank_one::interpolating_u(parse_activation("relu"), 2, -1), Error);  // φ(v) = 0
}

TEST_CASE("span invariant: after GD from a span-shaped init, outputs on random inputs lie in span(X) (AM Inv. 5)") {
  Rng rng(11);
  const int d = 8, n = 3;
  const Mat X = random_normal(d, n, rng, 0.5);
  const Mat Z = random_normal(d, 50, rng, 2.0);
  Mlp net = span_shaped_network(X, parse_activation("tanh"), 16, rng, 0.3);
  Optimizer gd(Sgd{.lr = 0.05}, parameters(net));
  const TrainResult fit = train(net, X, X, LossKind::half_sum_over_n, gd, {.max_epochs = 3000, .quiet = true});
  CHECK(fit.final_loss < 0.1 * fit.loss_history.front());  // training really moved the weights
  const double distance = distance_from_span(X, forward(net, Z));
  MESSAGE("span-shaped init: distance of outputs from span(X) ", distance, ", loss ", fit.final_loss);
  CHECK(distance < 1e-10);
  // Control: the same training from a generic init leaves the span.
  Mlp generic = make_mlp({d, 16, d}, parse_activation("tanh"), Parametrization::standard, false, rng);
  Optimizer gd2(Sgd{.lr = 0.05}, parameters(generic));
  train(generic, X, X, LossKind::half_sum_over_n, gd2, {.max_epochs = 3000, .quiet = true});
  CHECK(distance_from_span(X, forward(generic, Z)) > 1e-3);
}

TEST_CASE("rank-one solver: clear errors instead of garbage") {
  const rank_one::Options short_flow{.max_time = 100};
  // power:2 from (0, 0) sits on a saddle (φ = φ' = 0): the flow never moves.
  CHECK_THROWS_WITH_AS(rank_one::solve(parse_activation("power:2"), 2, 0, 0, short_flow),
                       doctest::Contains("did not converge"), Error);
  CHECK_THROWS_AS(rank_one::solve(parse_activation("sigmoid"), 0, 1, 1), Error);
  CHECK_THROWS_AS(rank_one::solve_chain(parse_activation("sigmoid"), {2, 2}, {1, 1}), Error);
  CHECK_THROWS_AS(rank_one::solve_chain(parse_activation("sigmoid"), {2}, {1, std::nan("")}), Error);
}
