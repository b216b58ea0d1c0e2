#include "theory/conv_matrix.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "lib/dynamics/spectra.hpp"

namespace memo::conv_theory {

Mat conv_matrix(const Mat& weight, const ConvShape& s) {
  s.validate();
  if (weight.rows() != s.out_channels || weight.cols() != s.patch_size())
    throw Error(fmt::format("conv_matrix: weight {}, expected ({}, {})", shape_string(weight), s.out_channels,
                            s.patch_size()));
  const int out_h = s.out_height(), out_w = s.out_width(), k = s.kernel;
  Mat M = Mat::Zero(s.output_size(), s.input_size());
  for (int co = 0; co < s.out_channels; ++co)
    for (int oy = 0; oy < out_h; ++oy)
      for (int ox = 0; ox < out_w; ++ox)
        for (int ci = 0; ci < s.in_channels; ++ci)
          for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx) {
              const int iy = oy * s.stride - s.padding + ky, ix = ox * s.stride - s.padding + kx;
              if (iy < 0 || iy >= s.height || ix < 0 || ix >= s.width) continue;  // zero padding
              M((co * out_h + oy) * out_w + ox, (ci * s.height + iy) * s.width + ix) +=
                  weight(co, (ci * k + ky) * k + kx);
            }
  return M;
}

Mat upsample_matrix(const UpsampleShape& s) {
  s.validate();
  const int out_h = s.height * s.scale, out_w = s.width * s.scale;
  Mat U = Mat::Zero(s.output_size(), s.input_size());
  for (int c = 0; c < s.channels; ++c)
    for (int y = 0; y < out_h; ++y)
      for (int x = 0; x < out_w; ++x)
        U((c * out_h + y) * out_w + x, (c * s.height + y / s.scale) * s.width + x / s.scale) = 1;
  return U;
}

Mat linear_operator(const ConvNet& net) {
  check_network(net);
  Mat M = Mat::Identity(net.input_size(), net.input_size());
  Mat block_input = M;
  const int m = net.skip_every;
  for (size_t j = 0; j < net.layers.size(); ++j) {
    const ConvLayer& layer = net.layers[j];
    if (layer.activate && net.activation.kind != ActivationKind::identity)
      throw Error(fmt::format("linear_operator: layer {} applies {}; only linear nets are matrices", j + 1,
                              activation_name(net.activation)));
    const Mat C = layer.kind == ConvLayerKind::conv ? conv_matrix(layer.weight.value, layer.conv)
                                                    : upsample_matrix(layer.upsample);
    Mat next;
    next.noalias() = C * M;
    M = std::move(next);
    if (m > 0 && (j + 1) % m == 0) {
      M += block_input;  // h ← block(h) + h
      block_input = M;
    }
  }
  return M;
}

Vec spectrum_moduli(const Mat& M) { return eigenvalues(M).cwiseAbs(); }

Mat projection_onto_span(const Mat& X) {
  // X X^+ via a rank-revealing QR: Q_r Q_r^T over the numerical column space.
  Eigen::ColPivHouseholderQR<Mat> qr(X);
  const Eigen::Index r = qr.rank();
  const Mat Q = qr.householderQ() * Mat::Identity(X.rows(), r);
  return Q * Q.transpose();
}

Mat structural_support(int image_size, int layers, int kernel) {
  if (image_size <= 0 || layers < 0 || kernel <= 0 || kernel % 2 == 0)
    throw Error(fmt::format("structural_support: image size {}, layers {}, kernel {}; expected s > 0, "
                            "L >= 0 and an odd kernel", image_size, layers, kernel));
  const ConvShape shape{1, image_size, image_size, 1, kernel, (kernel - 1) / 2, 1};
  const Mat one_layer = conv_matrix(Mat::Ones(1, kernel * kernel), shape).unaryExpr(
      [](double v) { return v != 0 ? 1.0 : 0.0; });
  const int n = image_size * image_size;
  Mat support = Mat::Identity(n, n);
  for (int l = 0; l < layers; ++l) {
    Mat next;
    next.noalias() = one_layer * support;  // nonnegative entries: the product is 0 iff no path
    support = next.unaryExpr([](double v) { return v > 0 ? 1.0 : 0.0; });
  }
  return support;
}

long forced_zero_count(int image_size, int layers, int kernel) {
  if (image_size <= 0 || layers < 0 || kernel <= 0 || kernel % 2 == 0)
    throw Error(fmt::format("forced_zero_count: image size {}, layers {}, kernel {}", image_size, layers, kernel));
  const long s = image_size, reach = std::min<long>(static_cast<long>(layers) * ((kernel - 1) / 2), s - 1);
  long pairs_1d = s;  // |a − b| = 0
  for (long d = 1; d <= reach; ++d) pairs_1d += 2 * (s - d);
  return s * s * s * s - pairs_1d * pairs_1d;
}

int min_memorization_depth(int image_size) {
  if (image_size <= 0) throw Error(fmt::format("image size {}, expected > 0", image_size));
  return image_size - 1;
}

long heuristic_depth(int image_size) {
  if (image_size <= 0) throw Error(fmt::format("image size {}, expected > 0", image_size));
  const long s = image_size;
  return (s * s * s * s + 8) / 9;
}

double forced_zero_distance(const Mat& X, int image_size, int layers) {
  if (X.rows() != static_cast<Eigen::Index>(image_size) * image_size)
    throw Error(fmt::format("forced_zero_distance: X has {} rows, expected {}", X.rows(), image_size * image_size));
  const Mat P = projection_onto_span(X);
  const Mat zeros = Mat::Ones(P.rows(), P.cols()) - structural_support(image_size, layers);
  return P.cwiseProduct(zeros).norm();
}

Mat min_norm_single_filter(const Vec& x, int image_size, int kernel) {
  const ConvShape shape{1, image_size, image_size, 1, kernel, (kernel - 1) / 2, 1};
  if (x.size() != shape.input_size())
    throw Error(fmt::format("min_norm_single_filter: image of size {}, expected {}", x.size(), shape.input_size()));
  const int taps = kernel * kernel;
  Mat A(x.size(), taps);
  for (int j = 0; j < taps; ++j) {
    Mat tap = Mat::Zero(1, taps);
    tap(0, j) = 1;
    A.col(j) = conv_matrix(tap, shape) * x;
  }
  const Vec w = A.completeOrthogonalDecomposition().solve(x);
  return w.transpose();
}

}  // namespace memo::conv_theory
