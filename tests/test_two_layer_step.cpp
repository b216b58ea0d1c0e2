// The hand-written two-layer step (lib/nn/two_layer_step) against the tape, which derives the
// same gradients op by op: in one part every call is the tape's own, so whole trainings agree
// to the bit; cut into parts they agree to rounding, and the bits depend on the number of parts
// alone, not on which thread ran which part.
#include <doctest/doctest.h>

#include "lib/compute/team.hpp"
#include "lib/nn/train.hpp"
#include "lib/nn/two_layer_step.hpp"

using namespace memo;

namespace {

struct Setting {
  const char* activation;
  Parametrization parametrization;
  bool bias;
  OptimizerConfig optimizer;
  LossKind loss;
};

const Setting kSettings[] = {
    {"sigmoid", Parametrization::ntk, false, Sgd{.lr = 1}, LossKind::half_sum_over_n},
    {"tanh", Parametrization::standard, true, Adam{.lr = 1e-2, .weight_decay = 1e-3}, LossKind::mse},
    {"relu", Parametrization::standard, true, RmsProp{.lr = 1e-3, .momentum = 0.5}, LossKind::mse},
    {"identity", Parametrization::ntk, true, Sgd{.lr = 0.3, .momentum = 0.9, .nesterov = true}, LossKind::mse},
};

struct Run {
  Mlp net;
  TrainResult result;
};

// 30 steps of a 5 → 40 → 3 network from the same start: on the tape, or by the two-layer step
// in `parts` parts.
Run trained(const Setting& s, int parts) {
  Rng rng(11);
  Run run{make_mlp({5, 40, 3}, parse_activation(s.activation), s.parametrization, s.bias, rng), {}};
  const Mat X = random_normal(5, 7, rng), T = random_normal(3, 7, rng);
  Optimizer optimizer(s.optimizer, parameters(run.net));
  const TrainOptions options{.max_epochs = 30, .quiet = true};
  if (parts == 0) {
    run.result = train(optimizer, [&](Tape& t) { return loss(s.loss, forward(run.net, t.constant(X)), T); }, options);
  } else {
    TwoLayerStep step(run.net, X, T, s.loss, optimizer, parts);
    REQUIRE(step.parts() == parts);
    run.result = train_steps(optimizer, [&] { return step.loss(); }, [&] { step.descend(); }, options);
  }
  return run;
}

double largest_difference(const Mlp& a, const Mlp& b) {
  double largest = 0;
  for (size_t l = 0; l < a.layers.size(); ++l) {
    largest = std::max(largest, (a.layers[l].weight.value - b.layers[l].weight.value).cwiseAbs().maxCoeff());
    largest = std::max(largest, (a.layers[l].weight.grad - b.layers[l].weight.grad).cwiseAbs().maxCoeff());
    if (a.layers[l].has_bias)
      largest = std::max(largest, (a.layers[l].bias.value - b.layers[l].bias.value).cwiseAbs().maxCoeff());
  }
  return largest;
}

}  // namespace

TEST_CASE("two-layer step in one part: the tape's training to the bit, loss by loss and weight by weight") {
  for (const Setting& s : kSettings) {
    CAPTURE(s.activation);
    const Run tape = trained(s, 0), one = trained(s, 1);
    CHECK(one.result.loss_history == tape.result.loss_history);
    CHECK(largest_difference(one.net, tape.net) == 0);
    CHECK(tape.result.final_loss < tape.result.loss_history.front());  // it trained
  }
}

TEST_CASE("two-layer step in 2 and 3 parts: the tape's training to rounding, the same bits on any threads") {
  for (const Setting& s : kSettings) {
    CAPTURE(s.activation);
    const Run tape = trained(s, 0);
    for (const int parts : {2, 3}) {
      CAPTURE(parts);
      const Run cut = trained(s, parts);
      CHECK(largest_difference(cut.net, tape.net) < 1e-12);
      for (size_t i = 0; i < tape.result.loss_history.size(); ++i)
        CHECK(cut.result.loss_history[i] == doctest::Approx(tape.result.loss_history[i]).epsilon(1e-12));
      // The caller alone runs every part: the same bits as with helpers.
      const TeamWaiting saved = team_waiting();
      set_team_waiting(TeamWaiting::caller_only);
      const Run alone = trained(s, parts);
      set_team_waiting(saved);
      CHECK(alone.result.loss_history == cut.result.loss_history);
      CHECK(largest_difference(alone.net, cut.net) == 0);
    }
  }
}

TEST_CASE("two-layer step: where it applies, and its refusals") {
  Rng rng(2);
  Mlp two = make_mlp({4, 16, 4}, parse_activation("sigmoid"), Parametrization::standard, true, rng);
  Mlp three = make_mlp({4, 16, 16, 4}, parse_activation("sigmoid"), Parametrization::standard, true, rng);
  Optimizer all(Sgd{}, parameters(two)), three_all(Sgd{}, parameters(three));
  Optimizer weights_only(Sgd{}, {&two.layers[0].weight, &two.layers[1].weight});
  CHECK(two_layer_step_applies(two, all));
  CHECK_FALSE(two_layer_step_applies(three, three_all));
  CHECK_FALSE(two_layer_step_applies(two, weights_only));
  Mlp squashed = two;
  squashed.output_activation = parse_activation("sigmoid");
  Optimizer squashed_all(Sgd{}, parameters(squashed));
  CHECK_FALSE(two_layer_step_applies(squashed, squashed_all));
  const Mat X = Mat::Ones(4, 3);
  CHECK_THROWS_AS(TwoLayerStep(three, X, X, LossKind::mse, three_all, 2), Error);
  CHECK_THROWS_AS(TwoLayerStep(two, X, Mat::Ones(4, 2), LossKind::mse, all, 2), Error);
  // 16 hidden units hold at most 2 parts of 8.
  TwoLayerStep step(two, X, X, LossKind::mse, all, 4);
  CHECK(step.parts() == 2);
  CHECK_THROWS_AS(step.descend(), Error);  // before the loss was evaluated
}
