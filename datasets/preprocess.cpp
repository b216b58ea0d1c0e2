#include "datasets/preprocess.hpp"

#include <cmath>
#include <fmt/format.h>

namespace memo {

Vec mean_column(const Mat& X) {
  if (X.cols() == 0) throw Error("the mean of an empty set of examples is undefined");
  return X.rowwise().mean();
}

Mat subtract_mean(const Mat& X, const Vec& mean) {
  if (mean.size() != X.rows())
    throw Error(fmt::format("mean has {} entries but the examples have dimension {}", mean.size(), X.rows()));
  Mat centred = X;
  centred.colwise() -= mean;
  return centred;
}

Mat subtract_mean(const Mat& X) { return subtract_mean(X, mean_column(X)); }

Mat rescale_to_norm(const Mat& X, double r) {
  if (!(r > 0) || !std::isfinite(r)) throw Error(fmt::format("norm r = {} must be positive and finite", r));
  Mat scaled = X;
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    const double norm = X.col(j).norm();
    if (!(norm > 0)) throw Error(fmt::format("example {} has norm {} and cannot be rescaled to norm {}", j, norm, r));
    scaled.col(j) *= r / norm;
  }
  return scaled;
}

Mat downsample(const Mat& X, int height, int width, int factor) {
  if (height < 1 || width < 1 || Eigen::Index{height} * width != X.rows())
    throw Error(fmt::format("images of {}×{} do not match examples of dimension {}", height, width, X.rows()));
  if (factor < 1 || height % factor != 0 || width % factor != 0)
    throw Error(fmt::format("downsampling factor {} must divide the image size {}×{}", factor, height, width));
  const int h = height / factor, w = width / factor;
  Mat small = Mat::Zero(Eigen::Index{h} * w, X.cols());
  for (int r = 0; r < height; ++r)
    for (int c = 0; c < width; ++c) small.row((r / factor) * w + c / factor) += X.row(r * width + c);
  return small / double(factor * factor);
}

Mat binarize(const Mat& X, double threshold) { return (X.array() > threshold).cast<double>().matrix(); }

}  // namespace memo
