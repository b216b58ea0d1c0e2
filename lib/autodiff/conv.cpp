#include "lib/autodiff/conv.hpp"

#include <fmt/format.h>

#include "lib/autodiff/fast_terms.hpp"
#include "lib/compute/gemm.hpp"

namespace memo {

void ConvShape::validate() const {
  const auto require = [](bool ok, const char* what, int value, const char* expected) {
    if (!ok) throw Error(fmt::format("conv2d: {} = {}, expected {}", what, value, expected));
  };
  require(in_channels > 0, "in_channels", in_channels, "> 0");
  require(height > 0, "height", height, "> 0");
  require(width > 0, "width", width, "> 0");
  require(out_channels > 0, "out_channels", out_channels, "> 0");
  require(kernel > 0, "kernel", kernel, "> 0");
  require(padding >= 0, "padding", padding, ">= 0");
  require(stride > 0, "stride", stride, "> 0");
  require(height + 2 * padding >= kernel, "kernel", kernel, "<= padded height");
  require(width + 2 * padding >= kernel, "kernel", kernel, "<= padded width");
}

void UpsampleShape::validate() const {
  if (channels <= 0 || height <= 0 || width <= 0 || scale <= 0)
    throw Error(fmt::format("upsample: channels {}, height {}, width {}, scale {}; expected all > 0",
                            channels, height, width, scale));
}

namespace {

void require_rows(const char* op, Eigen::Index rows, Eigen::Index expected, const char* what) {
  if (rows != expected)
    throw Error(fmt::format("{}: {} has {} rows, expected {}", op, what, rows, expected));
}

// Calls visit(patch_row, pixel) for every tap of output pixel (oy, ox) that falls inside the
// image (pixel = ci·H·W + iy·W + ix); taps on the zero padding are skipped.
template <typename Visit>
void for_each_tap(const ConvShape& s, int oy, int ox, Visit&& visit) {
  const int k = s.kernel;
  for (int ci = 0; ci < s.in_channels; ++ci)
    for (int ky = 0; ky < k; ++ky) {
      const int iy = oy * s.stride - s.padding + ky;
      if (iy < 0 || iy >= s.height) continue;
      for (int kx = 0; kx < k; ++kx) {
        const int ix = ox * s.stride - s.padding + kx;
        if (ix < 0 || ix >= s.width) continue;
        visit((ci * k + ky) * k + kx, (ci * s.height + iy) * s.width + ix);
      }
    }
}

}  // namespace

Mat im2col(const Eigen::Ref<const Mat>& X, const ConvShape& shape) {
  shape.validate();
  require_rows("im2col", X.rows(), shape.input_size(), "X");
  const int out_h = shape.out_height(), out_w = shape.out_width(), P = out_h * out_w;
  Mat columns = Mat::Zero(shape.patch_size(), X.cols() * P);
  for (Eigen::Index i = 0; i < X.cols(); ++i)
    for (int oy = 0; oy < out_h; ++oy)
      for (int ox = 0; ox < out_w; ++ox) {
        const Eigen::Index c = i * P + oy * out_w + ox;
        for_each_tap(shape, oy, ox, [&](int row, int pixel) { columns(row, c) = X(pixel, i); });
      }
  return columns;
}

Mat col2im(const Eigen::Ref<const Mat>& columns, const ConvShape& shape, Eigen::Index n) {
  shape.validate();
  const int out_h = shape.out_height(), out_w = shape.out_width(), P = out_h * out_w;
  if (columns.rows() != shape.patch_size() || columns.cols() != n * P)
    throw Error(fmt::format("col2im: columns {}, expected ({}, {})", shape_string(columns),
                            shape.patch_size(), n * P));
  Mat X = Mat::Zero(shape.input_size(), n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (int oy = 0; oy < out_h; ++oy)
      for (int ox = 0; ox < out_w; ++ox) {
        const Eigen::Index c = i * P + oy * out_w + ox;
        for_each_tap(shape, oy, ox, [&](int row, int pixel) { X(pixel, i) += columns(row, c); });
      }
  return X;
}

Mat images_to_channel_rows(const Eigen::Ref<const Mat>& Y, int channels) {
  const Eigen::Index P = Y.rows() / channels;
  if (P * channels != Y.rows())
    throw Error(fmt::format("images_to_channel_rows: {} rows is not a multiple of {} channels", Y.rows(), channels));
  Mat Z(channels, Y.cols() * P);
  for (Eigen::Index i = 0; i < Y.cols(); ++i)
    Z.middleCols(i * P, P) = Eigen::Map<const Mat>(Y.col(i).data(), P, channels).transpose();
  return Z;
}

Mat channel_rows_to_images(const Eigen::Ref<const Mat>& Z, int channels, Eigen::Index n) {
  const Eigen::Index P = n > 0 ? Z.cols() / n : 0;
  if (Z.rows() != channels || P * n != Z.cols())
    throw Error(fmt::format("channel_rows_to_images: {} for {} channels and {} images", shape_string(Z),
                            channels, n));
  Mat Y(channels * P, n);
  for (Eigen::Index i = 0; i < n; ++i)
    Eigen::Map<Mat>(Y.col(i).data(), P, channels) = Z.middleCols(i * P, P).transpose();
  return Y;
}

// Z = W cols (one GEMM for the batch), then back to one image per column.
Mat conv2d_forward(const Eigen::Ref<const Mat>& W, const Eigen::Ref<const Mat>& X, const ConvShape& shape) {
  if (W.rows() != shape.out_channels || W.cols() != shape.patch_size())
    throw Error(fmt::format("conv2d: weight {}, expected ({}, {})", shape_string(W), shape.out_channels,
                            shape.patch_size()));
  const Mat columns = im2col(X, shape);
  Mat Z;
  gemm(Mat(W), false, columns, false, Z);  // W is small: (out channels, patch size)
  return channel_rows_to_images(Z, shape.out_channels, X.cols());
}

Mat conv2d_input_adjoint(const Eigen::Ref<const Mat>& W, const Eigen::Ref<const Mat>& dY,
                         const ConvShape& shape) {
  shape.validate();
  require_rows("conv2d_input_adjoint", dY.rows(), shape.output_size(), "dY");
  const Mat dZ = images_to_channel_rows(dY, shape.out_channels);
  Mat dcolumns;
  gemm(Mat(W), true, dZ, false, dcolumns);
  return col2im(dcolumns, shape, dY.cols());
}

Mat upsample_nearest_forward(const Eigen::Ref<const Mat>& X, const UpsampleShape& s) {
  s.validate();
  require_rows("upsample", X.rows(), s.input_size(), "X");
  const int out_h = s.height * s.scale, out_w = s.width * s.scale;
  Mat Y(s.output_size(), X.cols());
  for (Eigen::Index i = 0; i < X.cols(); ++i)
    for (int c = 0; c < s.channels; ++c)
      for (int y = 0; y < out_h; ++y)
        for (int x = 0; x < out_w; ++x)
          Y((c * out_h + y) * out_w + x, i) = X((c * s.height + y / s.scale) * s.width + x / s.scale, i);
  return Y;
}

Mat upsample_nearest_adjoint(const Eigen::Ref<const Mat>& dY, const UpsampleShape& s) {
  s.validate();
  require_rows("upsample adjoint", dY.rows(), s.output_size(), "dY");
  const int out_h = s.height * s.scale, out_w = s.width * s.scale;
  Mat dX = Mat::Zero(s.input_size(), dY.cols());
  for (Eigen::Index i = 0; i < dY.cols(); ++i)
    for (int c = 0; c < s.channels; ++c)
      for (int y = 0; y < out_h; ++y)
        for (int x = 0; x < out_w; ++x)
          dX((c * s.height + y / s.scale) * s.width + x / s.scale, i) += dY((c * out_h + y) * out_w + x, i);
  return dX;
}

namespace {

// Y = conv(W, X) + b, as Z = W cols + b 1ᵀ in the GEMM layout (cols = im2col(X), dZ = dY in that layout)
// dW = dZ colsᵀ    db = rowsum(dZ)    dX = conv_T(W, dY)
// The shared body of both conv2d ops; b.id < 0 means no bias. The patches are kept in the
// callback (they are the weight gradient's right factor).
Var record_conv2d(Var W, Var X, Var b, const ConvShape& shape) {
  Tape& t = *W.tape;
  const Mat& w = t.val(W);
  if (w.rows() != shape.out_channels || w.cols() != shape.patch_size())
    throw Error(fmt::format("conv2d: weight {}, expected ({}, {})", shape_string(w), shape.out_channels,
                            shape.patch_size()));
  const bool has_bias = b.id >= 0;
  if (has_bias && (t.val(b).rows() != shape.out_channels || t.val(b).cols() != 1))
    throw Error(fmt::format("conv2d: bias {}, expected ({}, 1)", shape_string(t.val(b)), shape.out_channels));
  const Eigen::Index n = t.val(X).cols();
  Mat columns = im2col(t.val(X), shape);
  Mat Z;
  gemm(w, false, columns, false, Z);
  if (has_bias) Z.colwise() += t.val(b).col(0);
  Mat Y = channel_rows_to_images(Z, shape.out_channels, n);
  auto backward = [&t, W = W.id, X = X.id, b = b.id, shape, columns = std::move(columns)](int y) {
    const Mat dZ = images_to_channel_rows(t.grad(y), shape.out_channels);
    if (t.needs_grad(W)) t.add_grad(W, product(dZ, transposed(columns)));
    if (b >= 0 && t.needs_grad(b)) t.add_grad(b, dZ.rowwise().sum());
    if (t.needs_grad(X)) t.add_grad(X, conv2d_input_adjoint(t.val(W), t.grad(y), shape));
  };
  if (has_bias) return t.record(std::move(Y), {W, X, b}, std::move(backward));
  return t.record(std::move(Y), {W, X}, std::move(backward));
}

}  // namespace

Var conv2d(Var W, Var X, const ConvShape& shape) { return record_conv2d(W, X, Var{W.tape, -1}, shape); }

Var conv2d(Var W, Var X, Var b, const ConvShape& shape) { return record_conv2d(W, X, b, shape); }

// Y = upsample(X)    dX = upsample_adjoint(dY)
Var upsample_nearest(Var X, const UpsampleShape& shape) {
  Tape& t = *X.tape;
  return t.record(upsample_nearest_forward(t.val(X), shape), {X}, [&t, X = X.id, shape](int y) {
    t.add_grad(X, upsample_nearest_adjoint(t.grad(y), shape));
  });
}

}  // namespace memo
