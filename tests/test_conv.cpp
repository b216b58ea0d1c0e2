// Convolution and upsampling kernels (lib/conv.hpp): against the conv matrix built from the
// definition (theory/conv_matrix.hpp), MEM App. E's printed 3×3 example, adjoint identities,
// and central differences.
#include <doctest/doctest.h>

#include "lib/autodiff/conv.hpp"
#include "tests/gradcheck.hpp"
#include "theory/conv_matrix.hpp"

using namespace memo;
using memo::conv_theory::conv_matrix;
using memo::conv_theory::upsample_matrix;
using memo::testing::gradcheck;

namespace {

// Random shapes with every feature exercised: channels, even and odd kernels, padding, stride.
std::vector<ConvShape> random_shapes(uint64_t seed, int count) {
  Rng rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<ConvShape> shapes;
  while (static_cast<int>(shapes.size()) < count) {
    ConvShape s{pick(1, 3), pick(1, 7), pick(1, 7), pick(1, 3), pick(1, 4), pick(0, 2), pick(1, 3)};
    if (s.height + 2 * s.padding >= s.kernel && s.width + 2 * s.padding >= s.kernel) shapes.push_back(s);
  }
  return shapes;
}

}  // namespace

TEST_CASE("conv2d equals its matrix from the definition, for random shapes and strides") {
  Rng rng(11);
  for (const ConvShape& s : random_shapes(5, 40)) {
    CAPTURE(s.in_channels); CAPTURE(s.height); CAPTURE(s.width); CAPTURE(s.out_channels);
    CAPTURE(s.kernel); CAPTURE(s.padding); CAPTURE(s.stride);
    const Mat W = random_normal(s.out_channels, s.patch_size(), rng);
    const Mat X = random_normal(s.input_size(), 3, rng);
    const Mat Y = conv2d_forward(W, X, s);
    REQUIRE(Y.rows() == s.output_size());
    CHECK((Y - conv_matrix(W, s) * X).norm() < 1e-12 * (1 + Y.norm()));
  }
}

TEST_CASE("the conv matrix of a 3×3 filter on 3×3 images is MEM App. E's printed matrix") {
  Mat A(1, 9);
  A << 1, 2, 3, 4, 5, 6, 7, 8, 9;  // A_1 … A_9 stand for themselves
  Mat expected(9, 9);
  expected << 5, 6, 0, 8, 9, 0, 0, 0, 0,
              4, 5, 6, 7, 8, 9, 0, 0, 0,
              0, 4, 5, 0, 7, 8, 0, 0, 0,
              2, 3, 0, 5, 6, 0, 8, 9, 0,
              1, 2, 3, 4, 5, 6, 7, 8, 9,
              0, 1, 2, 0, 4, 5, 0, 7, 8,
              0, 0, 0, 2, 3, 0, 5, 6, 0,
              0, 0, 0, 1, 2, 3, 4, 5, 6,
              0, 0, 0, 0, 1, 2, 0, 4, 5;
  CHECK(conv_matrix(A, {1, 3, 3, 1, 3, 1, 1}) == expected);
}

TEST_CASE("adjoints: <conv(x), y> = <x, conv_T(y)> and <up(x), y> = <x, up_T(y)>") {
  Rng rng(3);
  for (const ConvShape& s : random_shapes(9, 30)) {
    const Mat W = random_normal(s.out_channels, s.patch_size(), rng);
    const Mat X = random_normal(s.input_size(), 2, rng), Y = random_normal(s.output_size(), 2, rng);
    const double lhs = (conv2d_forward(W, X, s).array() * Y.array()).sum();
    const double rhs = (X.array() * conv2d_input_adjoint(W, Y, s).array()).sum();
    CHECK(lhs == doctest::Approx(rhs).epsilon(1e-12));
    CHECK((conv2d_input_adjoint(W, Y, s) - conv_matrix(W, s).transpose() * Y).norm() < 1e-12 * (1 + Y.norm()));
  }
  const UpsampleShape u{2, 3, 2, 3};
  const Mat X = random_normal(u.input_size(), 2, rng), Y = random_normal(u.output_size(), 2, rng);
  CHECK((upsample_nearest_forward(X, u).array() * Y.array()).sum() ==
        doctest::Approx((X.array() * upsample_nearest_adjoint(Y, u).array()).sum()).epsilon(1e-13));
  CHECK((upsample_nearest_forward(X, u) - upsample_matrix(u) * X).norm() < 1e-14);
  // Each input pixel is copied to exactly scale² output pixels.
  CHECK((upsample_matrix(u).colwise().sum().array() == 9).all());
}

TEST_CASE("conv2d and upsample on the tape match finite differences") {
  const ConvShape s{2, 5, 4, 3, 3, 1, 2};
  Rng rng(17);
  const Mat W = random_normal(s.out_channels, s.patch_size(), rng);
  const Mat X = random_normal(s.input_size(), 2, rng), b = random_normal(s.out_channels, 1, rng);
  auto check = [&](const memo::testing::TapeFunction& f, const std::vector<Mat>& inputs) {
    Rng r(5);
    const auto result = gradcheck(f, inputs, r);
    CHECK(result.max_relative_error < 1e-7);
    CHECK(result.max_abs_gradient > 1e-2);
  };
  check([&](Tape&, const std::vector<Var>& v) { return conv2d(v[0], v[1], v[2], s); }, {W, X, b});
  check([&](Tape&, const std::vector<Var>& v) { return conv2d(v[0], v[1], s); }, {W, X});
  const UpsampleShape u{3, 2, 2, 2};
  check([&](Tape&, const std::vector<Var>& v) { return upsample_nearest(v[0], u); },
        {random_normal(u.input_size(), 2, rng)});
}

TEST_CASE("bad conv shapes and weights are refused with a message") {
  CHECK_THROWS_AS(ConvShape({1, 2, 2, 1, 5, 0, 1}).validate(), Error);  // kernel larger than the image
  CHECK_THROWS_AS(ConvShape({1, 2, 2, 1, 3, 1, 0}).validate(), Error);  // stride 0
  CHECK_THROWS_AS(conv2d_forward(Mat::Zero(1, 8), Mat::Zero(9, 1), {1, 3, 3, 1, 3, 1, 1}), Error);
  CHECK_THROWS_AS(conv2d_forward(Mat::Zero(1, 9), Mat::Zero(8, 1), {1, 3, 3, 1, 3, 1, 1}), Error);
}
