#include "theory/min_norm.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <fmt/format.h>

#include "lib/dynamics/spectra.hpp"

namespace memo::min_norm {
namespace {

void check_shapes(const Mat& X, const Mat& A0) {
  if (X.size() == 0) throw Error("min-norm: the data matrix is empty");
  if (A0.rows() != X.rows() || A0.cols() != X.rows())
    throw Error(fmt::format("min-norm: A(0) has shape {}, expected ({}, {}) for data of dimension {}",
                            shape_string(A0), X.rows(), X.rows(), X.rows()));
  if (!X.allFinite() || !A0.allFinite()) throw Error("min-norm: the data or A(0) contain NaN or Inf");
}

}  // namespace

Mat projector(const Mat& X) {
  Eigen::BDCSVD<Mat> svd(X, Eigen::ComputeThinU);
  const Mat U = svd.matrixU().leftCols(svd.rank());
  return U * U.transpose();
}

Mat at_step(const Mat& X, const Mat& A0, double gamma, long steps) {
  check_shapes(X, A0);
  if (steps < 0) throw Error(fmt::format("min-norm: steps = {}, expected >= 0", steps));
  // (I − γS)^t = V diag((1 − γ s_j)^t) V^T with S = V diag(s) V^T symmetric.
  Eigen::SelfAdjointEigenSolver<Mat> eig(X * X.transpose());
  const Vec factors = (1 - gamma * eig.eigenvalues().array()).pow(static_cast<double>(steps));
  const Mat& V = eig.eigenvectors();
  const Mat power = V * factors.asDiagonal() * V.transpose();
  const Mat I = Mat::Identity(X.rows(), X.rows());
  return A0 * power + I - power;
}

Mat limit(const Mat& X, const Mat& A0) {
  check_shapes(X, A0);
  const Mat P = projector(X);
  return P + A0 * (Mat::Identity(X.rows(), X.rows()) - P);
}

double max_stable_rate(const Mat& X) {
  const double top = singular_values(X)(0);
  if (top == 0) throw Error("min-norm: the data matrix is zero");
  return 2 / (top * top);
}

Vec weyl_upper_bound(const Mat& X, const Mat& A0) {
  check_shapes(X, A0);
  const Mat P = projector(X);
  const double residual = operator_norm(A0 * (Mat::Identity(X.rows(), X.rows()) - P));
  return singular_values(P).array() + residual;
}

int numerical_rank(const Vec& singular_values, double relative_tol) {
  if (singular_values.size() == 0) return 0;
  const double threshold = relative_tol * singular_values.maxCoeff();
  return static_cast<int>((singular_values.array() > threshold).count());
}

}  // namespace memo::min_norm
