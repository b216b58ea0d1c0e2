#include "theory/wide_relu.hpp"

#include <fmt/format.h>

namespace memo::wide_relu {

Mat features(const Mat& W1, const Vec& b, const Mat& X) {
  if (W1.cols() != X.rows() || W1.rows() != b.size())
    throw Error(fmt::format("wide_relu: W1 {} , b of size {} and X {} do not fit", shape_string(W1), b.size(),
                            shape_string(X)));
  Mat U = W1 * X;
  U.colwise() += b;
  return U.cwiseMax(0.0);
}

Mat min_norm_readout(const Mat& W1, const Vec& b, const Mat& X) {
  // Φ^+ = (Φ^T Φ)^{-1} Φ^T through the n×n Gram matrix: Φ is tall (k ≫ n), and a k×k
  // orthogonal factor would not fit in memory at k = 20,000.
  const Mat phi = features(W1, b, X);
  const Eigen::LDLT<Mat> gram(phi.transpose() * phi);
  if (gram.info() != Eigen::Success || !(gram.vectorD().array() > 1e-12 * gram.vectorD().cwiseAbs().maxCoeff()).all())
    throw Error(fmt::format("wide_relu: the features relu(W1 X + b) of the {} examples are not linearly independent",
                            X.cols()));
  return X * gram.solve(phi.transpose());
}

double lambda(const Mat& W1, const Vec& b, const Vec& x) {
  const Vec phi = features(W1, b, x);
  const double norm2 = phi.squaredNorm();
  if (norm2 == 0) throw Error("wide_relu: no feature is active at x (relu(W1 x + b) = 0)");
  // relu(u_j) 1[u_j > 0] = relu(u_j), so the sum is relu(u)·(W1 x).
  return phi.dot(W1 * x) / norm2;
}

double lambda_limit(double norm) { return norm * norm / (norm * norm + 1); }

}  // namespace memo::wide_relu
