// The two kinds of term that take most of a training step, named so that an op can write them
// like its formula while memo's kernels evaluate them:
//
//   product(A, B, α), product(transposed(A), B), …   α op(A) op(B), by gemm() (OpenBLAS, large
//                                                     products split over memo's team)
//   pointwise(A, B, f)                                f(a_ij, b_ij) for every entry, in blocks
//                                                     over memo's team (parallel_matrix_blocks)
//
// A term is computed only where it is used: `Mat Y = product(…)` evaluates it into Y, and
// Tape::add_grad evaluates it straight into the gradient — a product by gemm with beta = 0
// (write) or 1 (add), a pointwise term in one pass that writes or adds. A term holds references
// to its matrices: use it in the expression that creates it, never keep it in a variable.
#pragma once
#include "lib/compute/gemm.hpp"
#include "lib/compute/parallel.hpp"

namespace memo {

// op(M): M itself, or its transpose without a copy.
struct Operand {
  Operand(const Mat& m) : matrix(m) {}  // implicit: a matrix M stands for op(M) = M
  const Mat& matrix;
  bool transposed = false;
  Eigen::Index rows() const { return transposed ? matrix.cols() : matrix.rows(); }
  Eigen::Index cols() const { return transposed ? matrix.rows() : matrix.cols(); }
};

inline Operand transposed(const Mat& m) {
  Operand op(m);
  op.transposed = true;
  return op;
}

// α op(A) op(B)
struct Product {
  Operand a, b;
  double alpha = 1;
  Eigen::Index rows() const { return a.rows(); }
  Eigen::Index cols() const { return b.cols(); }
  operator Mat() const {
    Mat C;
    gemm(a.matrix, a.transposed, b.matrix, b.transposed, C, alpha);
    return C;
  }
};

// Throws Error unless op(A) op(B) is defined.
Product product(Operand a, Operand b, double alpha = 1);

inline void write_or_add(Mat& g, bool write, const Product& p) {
  gemm(p.a.matrix, p.a.transposed, p.b.matrix, p.b.transposed, g, p.alpha, write ? 0 : 1);
}

// f(a_ij, b_ij) entry by entry; f is a plain arithmetic lambda (double, double) -> double.
template <typename F>
struct Pointwise {
  const Mat& a;
  const Mat& b;
  F f;
  Eigen::Index rows() const { return a.rows(); }
  Eigen::Index cols() const { return a.cols(); }
};

// Throws Error unless A and B have the same shape.
void require_same_shape(const char* op, const Mat& A, const Mat& B);

template <typename F>
Pointwise<F> pointwise(const Mat& a, const Mat& b, F f) {
  require_same_shape("pointwise", a, b);
  return {a, b, f};
}

// Blocks of entries cut the way gemm() cuts the product that made them, so each thread finds
// in its own cache what it wrote (see parallel_matrix_blocks).
template <typename F>
void write_or_add(Mat& g, bool write, const Pointwise<F>& term) {
  if (write) g.resize(term.rows(), term.cols());  // every entry is written below
  const double* a = term.a.data();
  const double* b = term.b.data();
  double* out = g.data();
  const F f = term.f;
  parallel_matrix_blocks(term.rows(), term.cols(), [=](Eigen::Index begin, Eigen::Index end) {
    if (write) {
#pragma omp simd
      for (Eigen::Index i = begin; i < end; ++i) out[i] = f(a[i], b[i]);
    } else {
#pragma omp simd
      for (Eigen::Index i = begin; i < end; ++i) out[i] += f(a[i], b[i]);
    }
  });
}

}  // namespace memo
