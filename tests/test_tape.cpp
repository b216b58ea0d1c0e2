// Tape semantics: fan-out, shared subexpressions, parameters used twice, clear and rerun.
#include <doctest/doctest.h>

#include "lib/autodiff/ops.hpp"

using namespace memo;

TEST_CASE("fan-out: a node used twice receives both gradients") {
  Tape t;
  Mat X(2, 2);
  X << 1, 2, 3, 4;
  const Var x = t.input(X);
  const Var y = sum(add(hadamard(x, x), scale(x, 3)));  // Σ x² + 3x → dx = 2x + 3
  t.backward(y);
  CHECK((t.grad(x) - (2 * X.array() + 3).matrix()).norm() == 0);
}

TEST_CASE("diamond graph: d(sum((a+b) ⊙ (a−b)))/da = 2a, /db = −2b") {
  Tape t;
  const Mat A = Mat::Random(3, 2), B = Mat::Random(3, 2);
  const Var a = t.input(A), b = t.input(B);
  const Var out = sum(hadamard(add(a, b), sub(a, b)));
  t.backward(out);
  CHECK((t.grad(a) - 2 * A).norm() < 1e-15);
  CHECK((t.grad(b) + 2 * B).norm() < 1e-15);
}

TEST_CASE("a parameter used twice accumulates, and grads accumulate across backward calls") {
  Param W{Mat::Random(3, 3), {}};
  const Mat X = Mat::Random(3, 2);
  Tape t;
  // L = sum(W W X): dL/dW = 1 (W X)^T + W^T 1 X^T
  const Var w1 = t.param(W), w2 = t.param(W);
  const Var L = sum(matmul(w1, matmul(w2, t.constant(X))));
  W.zero_grad();
  t.backward(L);
  const Mat ones = Mat::Ones(3, 2);
  const Mat expected = ones * (W.value * X).transpose() + W.value.transpose() * ones * X.transpose();
  CHECK((W.grad - expected).norm() < 1e-13);
  t.backward(L);  // a second pass adds the same gradient again (PyTorch semantics)
  CHECK((W.grad - 2 * expected).norm() < 1e-13);
}

TEST_CASE("zero_grad empties a gradient: the next backward writes it, later ones add to it") {
  // Backward callbacks overwrite an empty gradient instead of zeroing it first; the
  // sums must be those of zero-then-add, for parameters and for intermediate nodes with fan-out.
  Param W{Mat::Random(3, 3), {}};
  const Mat X = Mat::Random(3, 4);
  W.grad = Mat::Constant(3, 3, 1e6);  // stale values that must not leak into the result
  W.zero_grad();
  CHECK_FALSE(W.has_grad());
  Tape t;
  const Var w = t.param(W);
  const Var H = matmul(w, t.constant(X));
  const Var L = sum(hadamard(H, add(H, H)));  // L = 2 Σ (W X)², H used three times
  t.backward(L);
  REQUIRE(W.has_grad());
  const Mat expected = 4 * (W.value * X) * X.transpose();
  CHECK((W.grad - expected).norm() < 1e-12 * expected.norm());
  W.zero_grad();
  t.backward(L);
  CHECK((W.grad - expected).norm() < 1e-12 * expected.norm());
}

TEST_CASE("clear and rerun gives the same values and gradients") {
  Param W{Mat::Random(4, 3), {}};
  const Mat X = Mat::Random(3, 5);
  Tape t;
  Mat first_grad;
  double first_value = 0;
  for (int round = 0; round < 3; ++round) {
    t.clear();
    W.zero_grad();
    const Var L = squared_norm(activation(matmul(t.param(W), t.constant(X)), parse_activation("tanh")));
    t.backward(L);
    if (round == 0) first_grad = W.grad, first_value = t.scalar(L);
    CHECK(t.scalar(L) == first_value);
    CHECK(W.grad == first_grad);
    CHECK(t.size() == 5);  // param, constant, matmul, activation, squared_norm
  }
}

TEST_CASE("constants get no gradient, and unreachable nodes are skipped") {
  Tape t;
  const Var c = t.constant(Mat::Ones(2, 2));
  const Var x = t.input(Mat::Ones(2, 2));
  const Var unused = scale(x, 5);  // recorded but not on the path to the root
  const Var out = sum(hadamard(c, x));
  CHECK_FALSE(t.needs_grad(c));
  CHECK(t.needs_grad(out));
  t.backward(out);
  CHECK(t.grad(x) == Mat::Ones(2, 2));
  CHECK(t.grad(unused).isZero());
}

TEST_CASE("backward with a matrix seed gives vector-Jacobian products") {
  Tape t;
  const Mat A = Mat::Random(3, 4), X = Mat::Random(4, 2), S = Mat::Random(3, 2);
  const Var x = t.input(X);
  const Var y = matmul(t.constant(A), x);
  t.backward(y, S);
  CHECK((t.grad(x) - A.transpose() * S).norm() < 1e-14);
}
