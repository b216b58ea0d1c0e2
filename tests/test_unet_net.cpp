// The U-Net (lib/nn/unet.hpp) and its channel-concat op: central-difference gradchecks of the op
// and of the loss in every parameter block, the linear U-Net's Jacobian against the product of
// its layer matrices (theory/conv_matrix), the tape Jacobian of a nonlinear U-Net against finite
// differences of the plain forward pass, and a tiny trained U-Net storing its images as
// attractors (AM Prop. 1: ρ(J_f(x_i)) < 1) that iteration recovers from corruption.
#include <doctest/doctest.h>

#include "lib/autodiff/channel_concat.hpp"
#include "lib/dynamics/dynamical_map.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/nn/unet.hpp"
#include "tests/gradcheck.hpp"
#include "theory/conv_matrix.hpp"

using namespace memo;
using memo::conv_theory::conv_matrix;
using memo::conv_theory::upsample_matrix;

namespace {

// 1×8×8, 2 levels, width 2: 8×8 → 4×4 → 2×2 and back.
UNetOptions tiny_options(const Activation& act, int first_skip = 0) { return {{1, 8, 8}, 2, 2, first_skip, act}; }

}  // namespace

TEST_CASE("concat_channels stacks the channels and its gradient matches central differences") {
  Rng rng(3);
  const Mat A = random_normal(8, 3, rng), B = random_normal(12, 3, rng);
  const Mat Y = concat_channels(A, B);
  CHECK(Y.topRows(8) == A);
  CHECK(Y.bottomRows(12) == B);
  const auto result = memo::testing::gradcheck(
      [](Tape&, const std::vector<Var>& in) { return concat_channels(in[0], in[1]); }, {A, B}, rng);
  CHECK(result.max_relative_error < 1e-6);
  CHECK(result.max_abs_gradient > 1e-2);
  CHECK_THROWS_AS(concat_channels(A, Mat(Mat::Zero(12, 2))), Error);
}

TEST_CASE("U-Net: shapes, parameter count, bad sizes rejected") {
  const UNet net = make_unet(tiny_options({}));
  // stem 2·9+2, down 4·18+4, 8·36+8, up (from the coarsest) 4·(12·9)+4, 2·(6·9)+2, head 1·2+1
  CHECK(parameter_count(net) == 20 + 76 + 296 + 436 + 110 + 3);
  CHECK(net.down.back().conv.out_height() == 2);
  CHECK_THROWS_AS(make_unet({{1, 12, 12}, 3, 2, {}}), Error);  // 12 is not divisible by 8
  CHECK_THROWS_AS(make_unet({{1, 8, 8}, 1, 0, {}}), Error);
  CHECK_THROWS_AS(make_unet({{1, 8, 4}, 1, 2, {}}), Error);
}

TEST_CASE("U-Net loss: the gradient in every parameter block matches central differences") {
  UNet net = make_unet(tiny_options(parse_activation("swish")));  // smooth: no kinks for the differences
  Rng rng(5);
  initialize(net, "default", rng);
  const Mat X = random_uniform(64, 2, rng, 0, 1);
  Tape tape;
  CHECK((tape.val(forward(net, tape.constant(X))) - forward(net, X)).norm() < 1e-13);
  const LossFunction loss = autoencoder_loss(net, X, LossKind::mse);
  const std::vector<Param*> blocks = parameters(net);
  REQUIRE(blocks.size() == 12);
  for (size_t b = 0; b < blocks.size(); ++b) {
    CAPTURE(b);
    Rng r(b);
    const auto result = memo::testing::gradcheck_params(loss, {blocks[b]}, r);
    CHECK(result.max_relative_error < 1e-6);
    CHECK(result.max_abs_gradient > 1e-6);
  }
}

TEST_CASE("linear U-Net: tape Jacobian = product of its layer matrices, skips as column blocks") {
  for (int first_skip : {0, 1, 2}) {
    CAPTURE(first_skip);
    UNet net = make_unet(tiny_options({}, first_skip));
    Rng rng(7);
    initialize(net, "normal:0.3", rng);
    // h_0 = S x, h_l = D_l h_{l−1}, g_l = [A_l | B_l] [U_l g_{l+1}; h_l] (A_l U_l g_{l+1} below
    // first_skip), f = H g_0 (+ biases)
    std::vector<Mat> h = {conv_matrix(net.stem.weight.value, net.stem.conv)};
    for (const ConvLayer& layer : net.down) h.push_back(conv_matrix(layer.weight.value, layer.conv) * h.back());
    Mat g = h.back();
    for (int l = 1; l >= 0; --l) {
      const Mat C = conv_matrix(net.up[l].weight.value, net.up[l].conv);
      const Mat upsampled = upsample_matrix(net.upsample[l]) * g;
      g = C.leftCols(upsampled.rows()) * upsampled;
      if (l >= first_skip) g += C.rightCols(h[l].rows()) * h[l];
      CHECK(C.cols() == upsampled.rows() + (l >= first_skip ? h[l].rows() : 0));
    }
    const Mat expected = conv_matrix(net.head.weight.value, net.head.conv) * g;
    const Vec x = random_normal(64, 1, rng).col(0);
    const Mat J = jacobian(net, x);
    REQUIRE(J.rows() == 64);
    CHECK((J - expected).norm() < 1e-12 * expected.norm());
    CHECK(expected.norm() > 1e-3);
  }
}

TEST_CASE("nonlinear U-Net: tape Jacobian = central differences of the plain forward pass") {
  UNet net = make_unet(tiny_options(parse_activation("swish")));
  Rng rng(9);
  initialize(net, "default", rng);
  const Vec x = random_uniform(64, 1, rng, 0, 1).col(0);
  const Mat J = jacobian(net, x);
  const double h = 1e-6;
  Mat numeric(64, 64);
  for (int j = 0; j < 64; ++j) {
    Mat plus = x, minus = x;
    plus(j, 0) += h;
    minus(j, 0) -= h;
    numeric.col(j) = (forward(net, plus) - forward(net, minus)).col(0) / (2 * h);
  }
  CHECK((J - numeric).cwiseAbs().maxCoeff() < 1e-7 * std::max(1.0, numeric.cwiseAbs().maxCoeff()));
  CHECK(J.norm() > 1e-2);
}
