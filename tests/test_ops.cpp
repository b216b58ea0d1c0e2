// Every op and every activation against central finite differences (relative error < 1e-6).
#include <doctest/doctest.h>

#include "lib/autodiff/ops.hpp"
#include "tests/gradcheck.hpp"

using namespace memo;
using memo::testing::gradcheck;

namespace {

void check(const memo::testing::TapeFunction& f, const std::vector<Mat>& inputs, uint64_t seed = 7) {
  Rng rng(seed);
  const auto result = gradcheck(f, inputs, rng);
  CHECK(result.max_relative_error < 1e-6);
  CHECK(result.max_abs_gradient > 1e-3);  // the check compared real gradients
}

Mat rand(int r, int c, uint64_t seed) {
  Rng rng(seed);
  return random_normal(r, c, rng);
}

}  // namespace

TEST_CASE("matmul, affine and add_bias match finite differences") {
  check([](Tape&, const std::vector<Var>& v) { return matmul(v[0], v[1]); }, {rand(4, 3, 1), rand(3, 5, 2)});
  check([](Tape&, const std::vector<Var>& v) { return matmul(v[0], v[1], -0.37); }, {rand(4, 3, 1), rand(3, 5, 2)});
  check([](Tape&, const std::vector<Var>& v) { return affine(v[0], v[1], v[2]); },
        {rand(4, 3, 1), rand(3, 5, 2), rand(4, 1, 3)});
  check([](Tape&, const std::vector<Var>& v) { return add_bias(v[0], v[1]); }, {rand(4, 6, 1), rand(4, 1, 2)});
}

TEST_CASE("elementwise binary ops, scale and transpose match finite differences") {
  const std::vector<Mat> ab = {rand(3, 4, 1), rand(3, 4, 2)};
  check([](Tape&, const std::vector<Var>& v) { return add(v[0], v[1]); }, ab);
  check([](Tape&, const std::vector<Var>& v) { return sub(v[0], v[1]); }, ab);
  check([](Tape&, const std::vector<Var>& v) { return hadamard(v[0], v[1]); }, ab);
  check([](Tape&, const std::vector<Var>& v) { return scale(v[0], -2.5); }, {rand(3, 4, 3)});
  check([](Tape&, const std::vector<Var>& v) { return transpose(v[0]); }, {rand(3, 4, 3)});
}

TEST_CASE("reductions match finite differences and their closed forms") {
  const Mat A = rand(3, 4, 5);
  check([](Tape&, const std::vector<Var>& v) { return sum(v[0]); }, {A});
  check([](Tape&, const std::vector<Var>& v) { return mean(v[0]); }, {A});
  check([](Tape&, const std::vector<Var>& v) { return squared_norm(v[0]); }, {A});
  Tape t;
  const Var a = t.input(A);
  CHECK(t.scalar(sum(a)) == doctest::Approx(A.sum()).epsilon(1e-15));
  CHECK(t.scalar(mean(a)) == doctest::Approx(A.mean()).epsilon(1e-15));
  CHECK(t.scalar(squared_norm(a)) == doctest::Approx(A.squaredNorm()).epsilon(1e-15));
}

TEST_CASE("losses: values equal their definitions and gradients match finite differences") {
  const Mat Y = rand(5, 3, 1), T = rand(5, 3, 2);
  Tape t;
  const Var y = t.input(Y);
  CHECK(t.scalar(mse(y, T)) == doctest::Approx((Y - T).array().square().mean()).epsilon(1e-14));
  CHECK(t.scalar(half_sum_over_n(y, T)) == doctest::Approx((Y - T).squaredNorm() / 6).epsilon(1e-14));
  check([&](Tape&, const std::vector<Var>& v) { return mse(v[0], T); }, {Y});
  check([&](Tape&, const std::vector<Var>& v) { return half_sum_over_n(v[0], T); }, {Y});

  const std::vector<int> labels = {2, 0, 4};
  const Var z = t.input(Y);
  double expected = 0;  // −mean log softmax, computed directly
  for (int j = 0; j < 3; ++j) expected -= std::log(std::exp(Y(labels[j], j)) / Y.col(j).array().exp().sum()) / 3;
  CHECK(t.scalar(softmax_cross_entropy(z, labels)) == doctest::Approx(expected).epsilon(1e-14));
  check([&](Tape&, const std::vector<Var>& v) { return softmax_cross_entropy(v[0], labels); }, {Y});
}

TEST_CASE("every activation's tape gradient matches finite differences") {
  for (const std::string name : {"sigmoid", "tanh", "erf", "sigmoid_erf", "relu", "leaky_relu", "selu", "swish",
                                 "cosid", "sinusoid", "exp2", "power:3", "softplus", "linear:0.25,0.5",
                                 "identity", "leaky_relu:0.2", "power:2"}) {
    CAPTURE(name);
    const Activation act = parse_activation(name);
    Mat Z = rand(4, 3, 11) * 0.8;
    // keep kinks away from 0 (ReLU family, SELU)
    Z = Z.unaryExpr([](double z) { return std::abs(z) < 0.05 ? z + 0.2 : z; });
    check([&](Tape&, const std::vector<Var>& v) { return activation(v[0], act); }, {Z});
  }
}

TEST_CASE("activation derivatives φ', φ'', φ''' match central differences of the order below") {
  const double h = 1e-5;
  for (const std::string& name : activation_names()) {
    const Activation act = parse_activation(name == "power" ? "power:4" : name);
    for (double z : {-1.7, -0.4, 0.3, 1.1, 2.3}) {
      for (int k = 1; k <= 3; ++k) {
        CAPTURE(name);
        CAPTURE(z);
        CAPTURE(k);
        const double numeric = (activate(act, z + h, k - 1) - activate(act, z - h, k - 1)) / (2 * h);
        CHECK(activate(act, z, k) == doctest::Approx(numeric).epsilon(1e-6).scale(1.0));
      }
    }
  }
}

TEST_CASE("activation values at reference points") {
  CHECK(activate(parse_activation("sigmoid"), 0.0) == 0.5);
  CHECK(activate(parse_activation("sigmoid_erf"), 0.0) == 0.5);
  CHECK(activate(parse_activation("selu"), -1.0) ==
        doctest::Approx(1.0507009873554805 * 1.6732632423543772 * (std::exp(-1.0) - 1)));
  CHECK(activate(parse_activation("cosid"), 0.0) == 1.0);
  CHECK(activate(parse_activation("exp2"), 0.5, 3) == doctest::Approx(8 * std::exp(1.0)));
  CHECK(activate(parse_activation("power:3"), -2.0) == -8.0);
  CHECK(activate(parse_activation("linear:0.25,0.5"), 2.0) == 1.0);
  CHECK(activate(parse_activation("softplus"), 800.0) == 800.0);  // no overflow
  CHECK(activate(parse_activation("sigmoid"), -800.0) == 0.0);
  // elasticity of the sigmoid is v(1 − σ(v))
  CHECK(elasticity(parse_activation("sigmoid"), -3.0) == doctest::Approx(-3.0 * (1 - 1 / (1 + std::exp(3.0)))));
}

TEST_CASE("bad activation names and parameters are refused with a clear message") {
  CHECK_THROWS_WITH_AS(parse_activation("sigmod"), doctest::Contains("unknown activation 'sigmod'"), Error);
  CHECK_THROWS_WITH_AS(parse_activation("power"), doctest::Contains("power:m"), Error);
  CHECK_THROWS_WITH_AS(parse_activation("power:x"), doctest::Contains("not a number"), Error);
  CHECK_THROWS_AS(parse_activation("sigmoid:2"), Error);
  CHECK(activation_name(parse_activation("linear:0.25,0.5")) == "linear:0.25,0.5");
}

TEST_CASE("shape mismatches throw instead of computing garbage") {
  Tape t;
  const Var a = t.input(Mat::Ones(2, 3)), b = t.input(Mat::Ones(2, 2));
  CHECK_THROWS_AS(matmul(a, b), Error);
  CHECK_THROWS_AS(add(a, b), Error);
  CHECK_THROWS_AS(mse(a, Mat::Ones(3, 2)), Error);
  CHECK_THROWS_AS(t.backward(a), Error);  // not a scalar
}
