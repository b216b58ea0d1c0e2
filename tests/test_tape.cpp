// Tape semantics: fan-out, shared subexpressions, parameters used twice, clear and rerun.
#include <doctest/doctest.h>

#include <algorithm>

#include "lib/autodiff/ops.hpp"
#include "lib/core/random.hpp"

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

// Tape::add_grad writes the first term that reaches a gradient and adds the later ones; each
// kind of term (a gemm product, a pointwise pass over the threads, an Eigen expression) has its
// own write and add. One node used four times, with the uses recorded in every order, so that
// each kind is the first to arrive in some run; for an input (starts empty), a parameter after
// zero_grad (empty) and a parameter that already holds a gradient (every term is added).
TEST_CASE("add_grad under fan-out: first write, then add, for products, pointwise passes and Eigen terms") {
  Rng rng(11);
  const int rows = 64, cols = 80;  // 5120 entries: the pointwise passes split over two threads
  const Mat X = random_normal(rows, cols, rng), A = random_normal(5, rows, rng);
  std::vector<Mat> R;
  for (int k = 0; k < 4; ++k) R.push_back(random_normal(k == 0 ? 5 : rows, cols, rng));
  const double c = -1.75;
  const Activation tanh_act = parse_activation("tanh"), sigmoid_act = parse_activation("sigmoid");
  // d/dX of Σ R0 ⊙ (A X) + Σ R1 ⊙ tanh(X) + Σ R2 ⊙ σ(X) + Σ R3 ⊙ (c X)
  const Eigen::ArrayXXd th = X.array().tanh(), sg = 1 / (1 + (-X.array()).exp());
  const Mat expected = A.transpose() * R[0] + (R[1].array() * (1 - th * th)).matrix() +
                       (R[2].array() * sg * (1 - sg)).matrix() + c * R[3];
  const Mat stale = random_normal(rows, cols, rng);

  std::vector<int> order = {0, 1, 2, 3};
  int orders = 0;
  do {
    CAPTURE(orders);
    for (const int start : {0, 1, 2}) {  // input; param after zero_grad; param holding `stale`
      CAPTURE(start);
      Param P{X, {}};
      if (start == 2) P.grad = stale;
      Tape t;
      const Var x = start == 0 ? t.input(X) : t.param(P);
      std::vector<Var> terms(4);
      for (const int use : order) {
        Var y;
        if (use == 0) y = matmul(t.constant(A), x);  // product term: Aᵀ dY
        if (use == 1) y = activation(x, tanh_act);   // pointwise: dY ⊙ φ'(X)
        if (use == 2) y = activation(x, sigmoid_act);  // pointwise: dY ⊙ σ(1 − σ)
        if (use == 3) y = scale(x, c);                // Eigen expression: c dY
        terms[use] = sum(hadamard(y, t.constant(R[use])));
      }
      const Var L = add(add(terms[0], terms[1]), add(terms[2], terms[3]));
      t.backward(L);
      const Mat got = start == 0 ? Mat(t.grad(x)) : P.grad;
      const Mat want = start == 2 ? Mat(expected + stale) : expected;
      CHECK((got - want).norm() < 1e-13 * want.norm());
    }
    ++orders;
  } while (std::next_permutation(order.begin(), order.end()));
  CHECK(orders == 24);
}

TEST_CASE("add_grad refuses a term whose shape is not the node's") {
  Tape t;
  const Var x = t.input(Mat::Ones(2, 3));
  const Var y = t.record(Mat::Ones(2, 3), {x}, [&t, x = x.id](int self) { t.add_grad(x, t.grad(self).transpose()); });
  CHECK_THROWS_AS(t.backward(y, Mat::Ones(2, 3)), Error);
}
