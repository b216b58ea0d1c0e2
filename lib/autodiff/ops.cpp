#include "lib/autodiff/ops.hpp"

#include <fmt/format.h>

#include "lib/autodiff/fast_terms.hpp"

namespace memo {

// Y = α A B     A (m,k)  B (k,n)  ->  Y (m,n)
// dA = α dY Bᵀ    dB = α Aᵀ dY
Var matmul(Var A, Var B, double alpha) {
  Tape& t = *A.tape;
  if (t.val(A).cols() != t.val(B).rows())
    throw Error(fmt::format("matmul: {} times {}", shape_string(t.val(A)), shape_string(t.val(B))));
  return t.record(product(t.val(A), t.val(B), alpha), {A, B}, [&t, A = A.id, B = B.id, alpha](int y) {
    const Mat& dY = t.grad(y);
    if (t.needs_grad(A)) t.add_grad(A, product(dY, transposed(t.val(B)), alpha));
    if (t.needs_grad(B)) t.add_grad(B, product(transposed(t.val(A)), dY, alpha));
  });
}

// Y = W X + b 1ᵀ     W (out,in)  X (in,n)  b (out,1)  ->  Y (out,n)
// dW = dY Xᵀ    dX = Wᵀ dY    db = rowsum(dY)
Var affine(Var W, Var X, Var b) {
  Tape& t = *W.tape;
  const Mat& w = t.val(W);
  if (w.cols() != t.val(X).rows() || t.val(b).rows() != w.rows() || t.val(b).cols() != 1)
    throw Error(fmt::format("affine: W {} X {} b {}", shape_string(w), shape_string(t.val(X)),
                            shape_string(t.val(b))));
  Mat Y = product(w, t.val(X));
  Y.colwise() += t.val(b).col(0);
  return t.record(std::move(Y), {W, X, b}, [&t, W = W.id, X = X.id, b = b.id](int y) {
    const Mat& dY = t.grad(y);
    if (t.needs_grad(W)) t.add_grad(W, product(dY, transposed(t.val(X))));
    if (t.needs_grad(X)) t.add_grad(X, product(transposed(t.val(W)), dY));
    if (t.needs_grad(b)) t.add_grad(b, dY.rowwise().sum());
  });
}

// Y = A + B    dA = dY    dB = dY
Var add(Var A, Var B) {
  Tape& t = *A.tape;
  require_same_shape("add", t.val(A), t.val(B));
  return t.record(t.val(A) + t.val(B), {A, B}, [&t, A = A.id, B = B.id](int y) {
    if (t.needs_grad(A)) t.add_grad(A, t.grad(y));
    if (t.needs_grad(B)) t.add_grad(B, t.grad(y));
  });
}

// Y = A − B    dA = dY    dB = −dY
Var sub(Var A, Var B) {
  Tape& t = *A.tape;
  require_same_shape("sub", t.val(A), t.val(B));
  return t.record(t.val(A) - t.val(B), {A, B}, [&t, A = A.id, B = B.id](int y) {
    if (t.needs_grad(A)) t.add_grad(A, t.grad(y));
    if (t.needs_grad(B)) t.add_grad(B, -t.grad(y));
  });
}

// Y = A ⊙ B    dA = dY ⊙ B    dB = dY ⊙ A
Var hadamard(Var A, Var B) {
  Tape& t = *A.tape;
  require_same_shape("hadamard", t.val(A), t.val(B));
  return t.record(t.val(A).cwiseProduct(t.val(B)), {A, B}, [&t, A = A.id, B = B.id](int y) {
    const Mat& dY = t.grad(y);
    if (t.needs_grad(A)) t.add_grad(A, dY.cwiseProduct(t.val(B)));
    if (t.needs_grad(B)) t.add_grad(B, dY.cwiseProduct(t.val(A)));
  });
}

// Y = c A    dA = c dY
Var scale(Var A, double c) {
  Tape& t = *A.tape;
  return t.record(c * t.val(A), {A}, [&t, A = A.id, c](int y) { t.add_grad(A, c * t.grad(y)); });
}

// Y = A + b 1ᵀ     A (m,n)  b (m,1)
// dA = dY    db = rowsum(dY)
Var add_bias(Var A, Var b) {
  Tape& t = *A.tape;
  if (t.val(b).rows() != t.val(A).rows() || t.val(b).cols() != 1)
    throw Error(fmt::format("add_bias: A {} b {}", shape_string(t.val(A)), shape_string(t.val(b))));
  Mat Y = t.val(A);
  Y.colwise() += t.val(b).col(0);
  return t.record(std::move(Y), {A, b}, [&t, A = A.id, b = b.id](int y) {
    if (t.needs_grad(A)) t.add_grad(A, t.grad(y));
    if (t.needs_grad(b)) t.add_grad(b, t.grad(y).rowwise().sum());
  });
}

// Y = Aᵀ    dA = dYᵀ
Var transpose(Var A) {
  Tape& t = *A.tape;
  return t.record(t.val(A).transpose(), {A},
                  [&t, A = A.id](int y) { t.add_grad(A, t.grad(y).transpose()); });
}

// Y = [A; B]    dA = top m rows of dY    dB = bottom k rows
Var stack_rows(Var A, Var B) {
  Tape& t = *A.tape;
  const Mat& a = t.val(A);
  const Mat& b = t.val(B);
  if (a.cols() != b.cols())
    throw Error(fmt::format("stack_rows: {} columns on top of {}", a.cols(), b.cols()));
  Mat Y(a.rows() + b.rows(), a.cols());
  Y << a, b;
  const Eigen::Index m = a.rows(), k = b.rows();
  return t.record(std::move(Y), {A, B}, [&t, A = A.id, B = B.id, m, k](int y) {
    if (t.needs_grad(A)) t.add_grad(A, t.grad(y).topRows(m));
    if (t.needs_grad(B)) t.add_grad(B, t.grad(y).bottomRows(k));
  });
}

// y = Σ_ij A_ij    dA = dy 1 1ᵀ
Var sum(Var A) {
  Tape& t = *A.tape;
  return t.record(Mat::Constant(1, 1, t.val(A).sum()), {A},
                  [&t, A = A.id](int y) {
                    t.add_grad(A, Mat::Constant(t.val(A).rows(), t.val(A).cols(), t.grad(y)(0, 0)));
                  });
}

// y = Σ_ij A_ij / size    dA = dy 1 1ᵀ / size
Var mean(Var A) {
  Tape& t = *A.tape;
  const double size = static_cast<double>(t.val(A).size());
  return t.record(Mat::Constant(1, 1, t.val(A).sum() / size), {A},
                  [&t, A = A.id, size](int y) {
                    t.add_grad(A, Mat::Constant(t.val(A).rows(), t.val(A).cols(), t.grad(y)(0, 0) / size));
                  });
}

// y = ‖A‖_F²    dA = 2 dy A
Var squared_norm(Var A) {
  Tape& t = *A.tape;
  return t.record(Mat::Constant(1, 1, t.val(A).squaredNorm()), {A},
                  [&t, A = A.id](int y) { t.add_grad(A, (2 * t.grad(y)(0, 0)) * t.val(A)); });
}

// Y = φ(Z)    dZ = dY ⊙ φ'(Z); the sigmoid's φ' = σ(1 − σ) is read off Y, without a second exp.
// Entry by entry over the threads (pointwise): in a wide network's step these passes are as
// long as the products around them.
Var activation(Var Z, const Activation& act) {
  Tape& t = *Z.tape;
  return t.record(activate(act, t.val(Z)), {Z}, [&t, Z = Z.id, act](int y) {
    const Mat& dY = t.grad(y);
    if (act.kind == ActivationKind::sigmoid)
      t.add_grad(Z, pointwise(dY, t.val(y), [](double dy, double s) { return dy * (s * (1 - s)); }));
    else
      t.add_grad(Z, pointwise(dY, activate(act, t.val(Z), 1), [](double dy, double d) { return dy * d; }));
  });
}

namespace {
// L = c ‖Y − T‖_F²    dY = 2c dL (Y − T)
// Shared by mse (c = 1/size) and half_sum_over_n (c = 1/2n); the residual is kept for the
// backward pass.
Var scaled_squared_error(Var Y, const Mat& T, double c, const char* name) {
  Tape& t = *Y.tape;
  require_same_shape(name, t.val(Y), T);
  Mat residual = t.val(Y) - T;
  const double value = c * residual.squaredNorm();
  return t.record(Mat::Constant(1, 1, value), {Y},
                  [&t, Y = Y.id, c, residual = std::move(residual)](int y) {
                    t.add_grad(Y, (2 * c * t.grad(y)(0, 0)) * residual);
                  });
}
}  // namespace

Var mse(Var Y, const Mat& T) {
  return scaled_squared_error(Y, T, 1.0 / static_cast<double>(T.size()), "mse");
}

Var half_sum_over_n(Var Y, const Mat& T) {
  return scaled_squared_error(Y, T, 0.5 / static_cast<double>(T.cols()), "half_sum_over_n");
}

// L = −(1/n) Σ_j log softmax(z_j)[label_j]    Z (classes,n)
// dZ = dL (softmax(Z) − onehot) / n
Var softmax_cross_entropy(Var logits, const std::vector<int>& labels) {
  Tape& t = *logits.tape;
  const Mat& Z = t.val(logits);
  if (static_cast<Eigen::Index>(labels.size()) != Z.cols())
    throw Error(fmt::format("softmax_cross_entropy: {} labels for {} columns", labels.size(), Z.cols()));
  Mat probabilities(Z.rows(), Z.cols());
  double total = 0;
  for (Eigen::Index j = 0; j < Z.cols(); ++j) {
    const int label = labels[j];
    if (label < 0 || label >= Z.rows())
      throw Error(fmt::format("softmax_cross_entropy: label {} outside [0, {})", label, Z.rows()));
    const double max = Z.col(j).maxCoeff();  // shift for a stable log-sum-exp
    probabilities.col(j) = (Z.col(j).array() - max).exp().matrix();
    const double normaliser = probabilities.col(j).sum();
    probabilities.col(j) /= normaliser;
    total += -(Z(label, j) - max - std::log(normaliser));
  }
  const double n = static_cast<double>(Z.cols());
  for (Eigen::Index j = 0; j < Z.cols(); ++j) probabilities(labels[j], j) -= 1.0;
  return t.record(Mat::Constant(1, 1, total / n), {logits},
                  [&t, Z = logits.id, n, diff = std::move(probabilities)](int y) {
                    t.add_grad(Z, (t.grad(y)(0, 0) / n) * diff);
                  });
}

LossKind parse_loss(const std::string& name) {
  if (name == "mse") return LossKind::mse;
  if (name == "half_sum_over_n") return LossKind::half_sum_over_n;
  throw Error(fmt::format("unknown loss '{}' (known: mse, half_sum_over_n)", name));
}

Var loss(LossKind kind, Var Y, const Mat& T) {
  return kind == LossKind::mse ? mse(Y, T) : half_sum_over_n(Y, T);
}

}  // namespace memo
