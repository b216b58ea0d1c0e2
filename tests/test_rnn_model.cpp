// The vanilla RNN of AM App. F (lib/nn/rnn.hpp): central-difference gradchecks of the unrolled
// cross-entropy against every parameter block, greedy decoding of a trained tiny RNN, and the
// decoding's hidden-state cycle: its periodicity and ρ(J_{Φ^p}) from the chain product of ∂F/∂h
// against central differences of the composed map Φ^p.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "lib/autodiff/ops.hpp"
#include "lib/dynamics/limit_cycles.hpp"
#include "lib/dynamics/rnn_decoding.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/am/rnn.hpp"
#include "lib/nn/rnn.hpp"
#include "lib/nn/train.hpp"
#include "tests/gradcheck.hpp"

using namespace memo;

TEST_CASE("stack_rows: the value is [A; B] and its gradients pass the central-difference check") {
  Rng rng(11);
  const Mat A = random_normal(2, 3, rng), B = random_normal(4, 3, rng);
  Tape tape;
  const Mat Y = tape.val(stack_rows(tape.constant(A), tape.constant(B)));
  CHECK((Y.topRows(2) - A).norm() == 0);
  CHECK((Y.bottomRows(4) - B).norm() == 0);
  const auto check = memo::testing::gradcheck(
      [](Tape&, const std::vector<Var>& in) { return stack_rows(in[0], in[1]); }, {A, B}, rng);
  CHECK(check.max_relative_error < 1e-8);
  CHECK(check.max_abs_gradient > 0.1);
  Tape t2;
  CHECK_THROWS_AS(stack_rows(t2.constant(A), t2.constant(Mat::Zero(2, 2))), Error);
}

TEST_CASE("the unrolled RNN loss passes central-difference gradchecks for every parameter block") {
  Rng rng(5);
  for (const char* act : {"selu", "tanh"}) {
    // width 5, depth 2, 4 words, 3 steps, and a nonzero h_0 so that F's h-columns matter at step 0
    Rnn rnn = make_rnn(4, 5, 2, 5, parse_activation(act), rng);
    const Vec h0 = random_normal(5, 1, rng).col(0);
    const std::vector<int> inputs{0, 2, 1}, targets{2, 1, 3};
    const std::vector<Param*> params = parameters(rnn);
    REQUIRE(params.size() == 12);  // 3 layers × (weight, bias) for F and for G
    for (size_t b = 0; b < params.size(); ++b) {
      CAPTURE(act);
      CAPTURE(b);
      const auto check = memo::testing::gradcheck_params(
          [&](Tape& tape) { return sequence_loss(rnn, tape, inputs, targets, h0); }, {params[b]}, rng);
      CHECK(check.max_relative_error < 1e-6);
      CHECK(check.max_abs_gradient > 1e-4);
    }
  }
}

TEST_CASE("the RNN loss is the mean of the per-step cross-entropies of a hand-unrolled forward pass") {
  Rng rng(8);
  Rnn rnn = make_rnn(3, 4, 1, 6, parse_activation("selu"), rng);
  const Vec h0 = Vec::Zero(4);
  const std::vector<int> inputs{1, 0}, targets{0, 2};
  Tape tape;
  const double loss = tape.scalar(sequence_loss(rnn, tape, inputs, targets, h0));
  double expected = 0;
  Vec h = h0;
  for (size_t t = 0; t < inputs.size(); ++t) {
    h = next_state(rnn, inputs[t], h);
    const Vec z = output_logits(rnn, h);
    expected += std::log(z.array().exp().sum()) - z(targets[t]);
  }
  CHECK(loss == doctest::Approx(expected / 2).epsilon(1e-12));
  CHECK(parameter_count(rnn) == (7 * 6 + 6) + (6 * 4 + 4) + (4 * 6 + 6) + (6 * 3 + 3));
  Tape bad;
  CHECK_THROWS_AS(sequence_loss(rnn, bad, {3}, {0}, h0), Error);
  CHECK_THROWS_AS(sequence_loss(rnn, bad, {0, 1}, {0}, h0), Error);
  CHECK_THROWS_AS(make_rnn(1, 4, 1, 6, parse_activation("selu"), rng), Error);
}

TEST_CASE("a trained tiny RNN replays AM's sentence by greedy decoding, and the replay is a stable "
          "hidden-state cycle whose ρ matches finite differences of Φ^p") {
  am::RnnSettings tiny;
  tiny.depth = 1;
  tiny.width = 16;
  tiny.lr = 1e-2;
  const int words = static_cast<int>(am::rnn_sentence().size());
  const am::SentenceRnn trained = am::train_sentence_rnn(tiny, {.seed = 0});
  const Rnn& rnn = trained.rnn;
  REQUIRE(trained.fit.converged());
  const int steps = 20 * words;
  const Vec h0 = Vec::Zero(16);
  const Decoding decoded = greedy_decode(rnn, 0, h0, steps);
  REQUIRE(decoded.states.cols() == steps);
  for (int t = 0; t < steps; ++t) CHECK(decoded.words[t] == (t + 1) % words);
  // Φ(h) = F([e_{argmax G(h)}; h]) reproduces the decoding's states
  const DynamicalMap phi = decoding_map(rnn);
  CHECK((phi.apply(decoded.states.leftCols(5)) - decoded.states.middleCols(1, 5)).norm() < 1e-12);

  // Long after the trained passes the decoding has settled on a cycle of Φ.
  const Vec last = decoded.states.col(steps - 1);
  int period = 0;
  for (int p = 1; p <= 4 * words && period == 0; ++p)
    if ((last - decoded.states.col(steps - 1 - p)).norm() < 1e-6 * std::max(1.0, last.norm())) period = p;
  REQUIRE(period == words);
  const Mat orbit = periodic_orbit(phi, last, period, 1e-11);
  CHECK((apply_times(phi, orbit.col(0), period) - orbit.col(0)).norm() < 1e-9);

  // J_{Φ^p} by the chain product of ∂F/∂h against central differences of Φ^p (the words along
  // the orbit do not change under a step of 1e-5).
  const Mat chain = chain_jacobian(phi, orbit);
  const double step = 1e-5;
  Mat numeric(16, 16);
  for (int j = 0; j < 16; ++j) {
    Vec plus = orbit.col(0), minus = orbit.col(0);
    plus(j) += step;
    minus(j) -= step;
    numeric.col(j) = (apply_times(phi, plus, period) - apply_times(phi, minus, period)) / (2 * step);
  }
  CHECK((chain - numeric).norm() < 1e-6 * std::max(1.0, chain.norm()));
  const double rho = spectral_radius(chain);
  CHECK(rho > 1e-4);  // not a vacuous 0 = 0
  CHECK(rho == doctest::Approx(spectral_radius(numeric)).epsilon(1e-5));
  CHECK(rho < 1);  // reached by iteration, so it attracts

  // am-rnn at the same settings reports the same cycle, ρ and rows.
  const ExperimentResult result = am::run_rnn(tiny, {.seed = 0});
  CHECK(result.all_agree());
  CHECK(result.rows.rows() == static_cast<size_t>(steps));
  CHECK(result.measured.at("hidden_cycle").at("period").get<int>() == words);
  CHECK(result.measured.at("hidden_cycle").at("spectral_radius").get<double>() == doctest::Approx(rho).epsilon(1e-8));
  CHECK(result.measured.at("decoding").at("correct").get<int>() == steps);
}

TEST_CASE("am-rnn trained on one pass only: the first pass is replayed and the later ones are not") {
  am::RnnSettings one_pass;
  one_pass.depth = 1;
  one_pass.width = 16;
  one_pass.lr = 1e-2;
  one_pass.passes = 1;
  one_pass.decode_passes = 4;
  const ExperimentResult result = am::run_rnn(one_pass, {.seed = 0});
  CHECK(result.comparison("words replayed in the first pass").agrees);
  CHECK(result.measured.at("decoding").at("correct").get<int>() < 4 * 13);  // see lib/experiments/am/rnn.hpp
  MESSAGE(fmt::format("one pass: {} of {} words replayed, hidden cycle period {}",
                      result.measured.at("decoding").at("correct").get<int>(), 4 * 13,
                      result.measured.at("hidden_cycle").at("period").get<int>()));
}
