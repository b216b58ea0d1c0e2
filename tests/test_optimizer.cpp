// Each optimizer's first steps against PyTorch's update rules written out for one scalar,
// on the loss L(p) = ½ c p² + g0 p, whose gradient c p + g0 changes every step.
#include <doctest/doctest.h>

#include <cmath>

#include "lib/autodiff/ops.hpp"
#include "lib/nn/optimizer.hpp"

using namespace memo;

namespace {

constexpr double c = 0.7, g0 = -0.3;

// Runs `steps` steps from p = 1.2 and returns the trajectory.
std::vector<double> run(const OptimizerConfig& config, int steps) {
  Param p{Mat::Constant(1, 1, 1.2), {}};
  Optimizer opt(config, {&p});
  std::vector<double> path;
  for (int s = 0; s < steps; ++s) {
    Tape t;
    const Var x = t.param(p);
    const Var L = add(scale(hadamard(x, x), c / 2), scale(x, g0));
    opt.zero_grad();
    t.backward(L);
    opt.step();
    path.push_back(p.value(0, 0));
  }
  return path;
}

}  // namespace

TEST_CASE("plain SGD: p ← p − lr (c p + g0)") {
  const auto path = run(Sgd{.lr = 0.1}, 3);
  double p = 1.2;
  for (double got : path) {
    p = p - 0.1 * (c * p + g0);
    CHECK(got == doctest::Approx(p).epsilon(1e-15));
  }
  CHECK(path[0] == doctest::Approx(1.2 - 0.1 * (0.84 - 0.3)).epsilon(1e-15));  // 1.146
}

TEST_CASE("SGD with momentum, dampening 0, weight decay in the gradient") {
  const auto path = run(Sgd{.lr = 0.05, .momentum = 0.9, .weight_decay = 0.01}, 4);
  double p = 1.2, buffer = 0;
  for (size_t s = 0; s < path.size(); ++s) {
    const double g = c * p + g0 + 0.01 * p;
    buffer = s == 0 ? g : 0.9 * buffer + g;
    p -= 0.05 * buffer;
    CHECK(path[s] == doctest::Approx(p).epsilon(1e-15));
  }
}

TEST_CASE("RMSprop: alpha 0.99, eps 1e-8 outside the square root") {
  const auto path = run(RmsProp{.lr = 0.01, .weight_decay = 0.1}, 4);
  double p = 1.2, square = 0;
  for (double got : path) {
    const double g = c * p + g0 + 0.1 * p;
    square = 0.99 * square + 0.01 * g * g;
    p -= 0.01 * g / (std::sqrt(square) + 1e-8);
    CHECK(got == doctest::Approx(p).epsilon(1e-15));
  }
  // first step: square = 0.01 g², so the step is lr·g/(0.1|g|) = 0.1 in magnitude
  CHECK(1.2 - path[0] == doctest::Approx(0.1).epsilon(1e-6));
}

TEST_CASE("Adam: bias correction, step lr on the first step") {
  const auto path = run(Adam{.lr = 0.01}, 5);
  double p = 1.2, m = 0, v = 0;
  for (size_t s = 0; s < path.size(); ++s) {
    const double g = c * p + g0, t = static_cast<double>(s + 1);
    m = 0.9 * m + 0.1 * g;
    v = 0.999 * v + 0.001 * g * g;
    p -= (0.01 / (1 - std::pow(0.9, t))) * m / (std::sqrt(v) / std::sqrt(1 - std::pow(0.999, t)) + 1e-8);
    CHECK(path[s] == doctest::Approx(p).epsilon(1e-14));
  }
  CHECK(1.2 - path[0] == doctest::Approx(0.01).epsilon(1e-7));  // m̂/√v̂ = sign(g) on step 1
}

TEST_CASE("Adam with weight decay adds wd·p to the gradient (PyTorch Adam, not AdamW)") {
  const auto path = run(Adam{.lr = 0.01, .weight_decay = 0.5}, 2);
  double p = 1.2, m = 0, v = 0;
  for (size_t s = 0; s < path.size(); ++s) {
    const double g = c * p + g0 + 0.5 * p, t = static_cast<double>(s + 1);
    m = 0.9 * m + 0.1 * g;
    v = 0.999 * v + 0.001 * g * g;
    p -= (0.01 / (1 - std::pow(0.9, t))) * m / (std::sqrt(v) / std::sqrt(1 - std::pow(0.999, t)) + 1e-8);
    CHECK(path[s] == doctest::Approx(p).epsilon(1e-14));
  }
}

TEST_CASE("optimizer names and bad settings") {
  CHECK(optimizer_name(make_optimizer_config("rmsprop", 0.1)) == "rmsprop");
  CHECK_THROWS_WITH_AS(make_optimizer_config("adagrad", 0.1), doctest::Contains("unknown optimizer"), Error);
  CHECK_THROWS_AS(make_optimizer_config("sgd", -1), Error);
  CHECK_THROWS_AS(make_optimizer_config("sgd", 0.1, 1.5), Error);
}
