// MLPs: gradients of whole networks in both parametrisations, the tape-free forward, and the
// initialisation distributions (PyTorch formulas).
#include <doctest/doctest.h>

#include <cmath>

#include "lib/nn/mlp.hpp"
#include "lib/autodiff/ops.hpp"
#include "tests/gradcheck.hpp"

using namespace memo;

TEST_CASE("whole-MLP gradients match finite differences (standard and ntk, several activations)") {
  for (const auto param : {Parametrization::standard, Parametrization::ntk}) {
    for (const std::string act : {"sigmoid", "tanh", "selu", "cosid", "swish", "softplus"}) {
      CAPTURE(act);
      CAPTURE(parametrization_name(param));
      Rng rng(5);
      Mlp net = make_mlp({4, 7, 6, 3}, parse_activation(act), param, param == Parametrization::standard, rng);
      const Mat X = random_normal(4, 5, rng), T = random_normal(3, 5, rng);
      const auto result = memo::testing::gradcheck_params(
          [&](Tape& t) { return mse(forward(net, t.constant(X)), T); }, parameters(net), rng);
      CHECK(result.max_relative_error < 1e-6);
      CHECK(result.max_abs_gradient > 1e-4);
      // and with respect to the input (what Jacobians use)
      const auto input = memo::testing::gradcheck(
          [&](Tape&, const std::vector<Var>& v) { return forward(net, v[0]); }, {X}, rng);
      CHECK(input.max_relative_error < 1e-6);
    }
  }
}

TEST_CASE("tape forward equals the tape-free forward bit for bit") {
  Rng rng(2);
  for (const auto param : {Parametrization::standard, Parametrization::ntk}) {
    Mlp net = make_mlp({5, 9, 9, 5}, parse_activation("sigmoid"), param, true, rng);
    const Mat X = random_normal(5, 4, rng);
    Tape t;
    CHECK(t.val(forward(net, t.constant(X))) == forward(net, X));
  }
}

TEST_CASE("ntk parametrisation multiplies each layer by 1/sqrt(fan_in)") {
  Rng rng(4);
  Mlp net = make_mlp({3, 4, 2}, parse_activation("sigmoid"), Parametrization::ntk, false, rng);
  const Mat X = random_normal(3, 2, rng);
  const Mat H = activate(parse_activation("sigmoid"), net.layers[0].weight.value * X / std::sqrt(3.0));
  const Mat expected = net.layers[1].weight.value * H / 2.0;
  CHECK((forward(net, X) - expected).norm() < 1e-15);
  CHECK(net.layers[0].bias.value.size() == 0);
}

namespace {
struct Moments {
  double mean, variance, max_abs;
};
Moments moments(const Mat& m) {
  const double mean = m.mean();
  return {mean, (m.array() - mean).square().sum() / static_cast<double>(m.size()), m.cwiseAbs().maxCoeff()};
}
}  // namespace

TEST_CASE("initialisations follow PyTorch's formulas (sample moments, 400×300 layers)") {
  Rng rng(8);
  Mlp net = make_mlp({300, 400, 300}, parse_activation("relu"), Parametrization::standard, true, rng);
  const double fan_in = 300, fan_out = 400;
  auto weight = [&] { return net.layers[0].weight.value; };
  // default: U(−1/√fan_in, 1/√fan_in) → variance 1/(3 fan_in)
  Moments m = moments(weight());
  CHECK(m.max_abs <= 1 / std::sqrt(fan_in));
  CHECK(m.variance == doctest::Approx(1 / (3 * fan_in)).epsilon(0.02));
  CHECK(moments(net.layers[0].bias.value).max_abs <= 1 / std::sqrt(fan_in));
  initialize(net, "xavier_uniform", rng);
  CHECK(moments(weight()).variance == doctest::Approx(2 / (fan_in + fan_out)).epsilon(0.02));
  CHECK(net.layers[0].bias.value.isZero());
  initialize(net, "xavier_normal", rng);
  CHECK(moments(weight()).variance == doctest::Approx(2 / (fan_in + fan_out)).epsilon(0.02));
  initialize(net, "kaiming_uniform", rng);
  CHECK(moments(weight()).variance == doctest::Approx(2 / fan_in).epsilon(0.02));
  CHECK(moments(weight()).max_abs <= std::sqrt(6 / fan_in));
  initialize(net, "kaiming_normal", rng);
  CHECK(moments(weight()).variance == doctest::Approx(2 / fan_in).epsilon(0.02));
  initialize(net, "uniform:0.05", rng);
  CHECK(moments(weight()).max_abs <= 0.05);
  CHECK(moments(weight()).variance == doctest::Approx(0.05 * 0.05 / 3).epsilon(0.02));
  initialize(net, "normal:0.2", rng);
  CHECK(moments(weight()).variance == doctest::Approx(0.04).epsilon(0.02));
  CHECK(std::abs(moments(weight()).mean) < 0.002);
  initialize(net, "const:0.1", rng);
  CHECK((weight().array() == 0.1).all());
  CHECK((net.layers[1].bias.value.array() == 0.1).all());
  initialize(net, "zero", rng);
  CHECK(weight().isZero());
  Mlp ntk = make_mlp({300, 400, 300}, parse_activation("relu"), Parametrization::ntk, false, rng);
  CHECK(moments(ntk.layers[0].weight.value).variance == doctest::Approx(1.0).epsilon(0.02));
  CHECK_THROWS_WITH_AS(initialize(net, "uniform", rng), doctest::Contains("needs a value"), Error);
  CHECK_THROWS_WITH_AS(initialize(net, "glorot", rng), doctest::Contains("unknown init"), Error);
}

TEST_CASE("widths parse strictly") {
  CHECK(parse_widths("32,1000,32") == std::vector<int>{32, 1000, 32});
  CHECK_THROWS_AS(parse_widths("32,,32"), Error);
  CHECK_THROWS_AS(parse_widths("32,-4"), Error);
  CHECK_THROWS_AS(parse_widths("3x"), Error);
  Rng rng(1);
  const Mlp net = make_mlp({3, 3}, parse_activation("relu"), Parametrization::standard, true, rng);
  CHECK_THROWS_WITH_AS(forward(net, Mat::Ones(4, 1)), doctest::Contains("dimension 3"), Error);
}
