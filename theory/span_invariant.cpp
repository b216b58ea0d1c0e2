#include "theory/span_invariant.hpp"

#include <fmt/format.h>

namespace memo {

Mlp span_shaped_network(const Mat& X, const Activation& act, int k, Rng& rng, double stddev) {
  if (k < 1) throw Error(fmt::format("span_shaped_network: k = {} hidden units, expected k >= 1", k));
  const int d = static_cast<int>(X.rows()), n = static_cast<int>(X.cols());
  Mlp net = make_mlp({d, k, d}, act, Parametrization::standard, false, rng);
  net.layers[0].weight.value = random_normal(k, n, rng, stddev) * X.transpose();
  net.layers[1].weight.value = X * random_normal(n, k, rng, stddev);
  return net;
}

double distance_from_span(const Mat& X, const Mat& Y) {
  if (X.rows() != Y.rows())
    throw Error(fmt::format("distance_from_span: points of dimension {} against a span in dimension {}", Y.rows(),
                            X.rows()));
  // Orthonormal basis of span(X) from a rank-revealing QR; rank by Eigen's default threshold.
  Eigen::ColPivHouseholderQR<Mat> qr(X);
  const Mat Q = qr.householderQ() * Mat::Identity(X.rows(), qr.rank());
  return (Y - Q * (Q.transpose() * Y)).colwise().norm().maxCoeff();
}

}  // namespace memo
