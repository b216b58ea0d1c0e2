// Convolutional networks (lib/conv_net.hpp): tape and plain forward passes agree, the tape
// Jacobian of a linear net equals the product of its layer matrices (with skips and
// upsampling), parameter gradients match finite differences, initialisations have the right
// scale.
#include <doctest/doctest.h>

#include "lib/nn/conv_net.hpp"
#include "tests/gradcheck.hpp"
#include "theory/conv_matrix.hpp"

using namespace memo;

namespace {

// 1×4×4 → 2×4×4 → 1×4×4 → 2×2×2 (stride 2) → upsample 2×4×4 → 3×4×4 → 1×4×4.
// With skip_every = 2 the skips join layers' outputs 2, 4, 6 to the inputs of 1, 3, 5:
// shapes 16 = 16, 32 ≠ 16 — so the skip variant uses 1 channel at layer 3.
ConvNet small_net(bool bias, const Activation& act, int skip_every) {
  ConvNet net;
  net.input = {1, 4, 4};
  net.activation = act;
  net.skip_every = skip_every;
  add_conv(net, 2, 3, 1, 1, bias, true);
  add_conv(net, 1, 3, 1, 1, bias, true);
  add_conv(net, skip_every > 0 ? 1 : 2, 3, 1, 2, bias, true);
  add_upsample(net, 2);
  add_conv(net, 3, 3, 1, 1, bias, true);
  add_conv(net, 1, 3, 1, 1, bias, false);
  check_network(net);
  return net;
}

}  // namespace

TEST_CASE("linear conv net: tape Jacobian = product of layer matrices, with skips and upsampling") {
  for (int skip : {0, 2}) {
    CAPTURE(skip);
    ConvNet net = small_net(false, {}, skip);
    Rng rng(4);
    initialize(net, "normal:0.5", rng);
    const Vec x = random_normal(16, 1, rng);
    const Mat J = jacobian(net, x);
    const Mat M = conv_theory::linear_operator(net);
    CHECK((J - M).norm() < 1e-12 * (1 + M.norm()));
    CHECK((forward(net, Mat(x)) - M * x).norm() < 1e-12 * (1 + x.norm()));
  }
}

TEST_CASE("a skip joining different shapes is refused") {
  ConvNet net;
  net.input = {1, 4, 4};
  net.skip_every = 1;
  add_conv(net, 2, 3, 1, 1);
  CHECK_THROWS_AS(check_network(net), Error);
}

TEST_CASE("nonlinear conv net: tape forward = plain forward, parameter gradients = finite differences") {
  ConvNet net = small_net(true, parse_activation("leaky_relu:0.1"), 0);
  Rng rng(8);
  initialize(net, "default", rng);
  const Mat X = random_normal(16, 3, rng);
  Tape tape;
  const Mat on_tape = tape.val(forward(net, tape.constant(X)));
  CHECK((on_tape - forward(net, X)).norm() < 1e-13);
  Rng r(2);
  const auto result = memo::testing::gradcheck_params([&](Tape& t) { return forward(net, t.constant(X)); },
                                                      parameters(net), r);
  CHECK(result.max_relative_error < 1e-6);
  CHECK(result.max_abs_gradient > 1e-2);
  CHECK(parameter_count(net) == (2 * 9 + 2) + (1 * 18 + 1) + (2 * 9 + 2) + (3 * 18 + 3) + (1 * 27 + 1));
}

TEST_CASE("initialisations: constant, PyTorch default bound, Kaiming and Xavier variances") {
  ConvStackOptions options;
  options.image_size = 4;
  options.layers = 3;
  options.filters = 64;
  ConvNet net = make_conv_stack(options);
  Rng rng(1);
  initialize(net, "const:0.1", rng);
  for (const ConvLayer& layer : net.layers) CHECK((layer.weight.value.array() == 0.1).all());
  initialize(net, "default", rng);
  const Mat& middle = net.layers[1].weight.value;  // fan_in = 64·9
  CHECK(middle.cwiseAbs().maxCoeff() <= 1 / std::sqrt(576.0));
  CHECK(middle.cwiseAbs().maxCoeff() > 0.95 / std::sqrt(576.0));
  initialize(net, "kaiming_normal", rng);
  const double var = middle.array().square().mean();
  CHECK(var == doctest::Approx(2.0 / 576).epsilon(0.05));
  initialize(net, "xavier_uniform", rng);
  CHECK(middle.array().square().mean() == doctest::Approx(2.0 / (576 + 576)).epsilon(0.05));
  CHECK_THROWS_AS(initialize(net, "const", rng), Error);
  CHECK_THROWS_AS(initialize(net, "gaussian:1", rng), Error);
}
