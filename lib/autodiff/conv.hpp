// 2-D convolution and nearest-neighbour upsampling on images stored as matrix columns
// (MEM §4, App. E).
//
// Layout. An image with C channels of H×W pixels is ONE column of length C·H·W; entry
// c·H·W + y·W + x holds channel c, row y, column x (PyTorch's flatten of a (C, H, W) tensor).
// A batch is a matrix with one image per column. A conv weight is a (C_out, C_in·k·k) matrix
// whose column ci·k·k + ky·k + kx is tap (ky, kx) of input channel ci: PyTorch's
// weight.view(C_out, -1). A bias is (C_out, 1).
//
// Convolution is PyTorch's (a cross-correlation): y(co, oy, ox) = b(co) +
//   Σ_{ci,ky,kx} W(co, ci,ky,kx) · x(ci, oy·stride − pad + ky, ox·stride − pad + kx),
// with x = 0 outside the image (zero padding).
//
// The kernels are plain functions (im2col + one GEMM for the whole batch); the tape ops at the
// bottom are thin wrappers around them.
#pragma once
#include "lib/autodiff/tape.hpp"

namespace memo {

struct ConvShape {
  int in_channels = 1, height = 1, width = 1;  // input image C × H × W
  int out_channels = 1, kernel = 3, padding = 1, stride = 1;

  int out_height() const { return (height + 2 * padding - kernel) / stride + 1; }
  int out_width() const { return (width + 2 * padding - kernel) / stride + 1; }
  int input_size() const { return in_channels * height * width; }
  int output_size() const { return out_channels * out_height() * out_width(); }
  int patch_size() const { return in_channels * kernel * kernel; }  // columns of the weight
  // Throws Error naming the bad field unless every size is positive and the kernel fits.
  void validate() const;
};

// Nearest-neighbour upsampling by an integer factor: y(c, y, x) = x(c, ⌊y/scale⌋, ⌊x/scale⌋).
struct UpsampleShape {
  int channels = 1, height = 1, width = 1, scale = 2;
  int input_size() const { return channels * height * width; }
  int output_size() const { return channels * height * scale * width * scale; }
  void validate() const;
};

// Patches: X (C_in·H·W, n) -> (C_in·k·k, n·H_out·W_out); column i·P + oy·W_out + ox is the
// receptive field of output pixel (oy, ox) of image i (P = H_out·W_out).
Mat im2col(const Eigen::Ref<const Mat>& X, const ConvShape& shape);
// Adjoint of im2col: scatters (adds) patch entries back onto their pixels.
Mat col2im(const Eigen::Ref<const Mat>& columns, const ConvShape& shape, Eigen::Index n);

// Y = conv(W, X)         W (C_out, C_in·k·k)  X (C_in·H·W, n)  ->  Y (C_out·H_out·W_out, n)
Mat conv2d_forward(const Eigen::Ref<const Mat>& W, const Eigen::Ref<const Mat>& X, const ConvShape& shape);
// X̄ = conv_T(W, Ȳ): the adjoint in the input, ⟨conv(W, X), Ȳ⟩ = ⟨X, conv_T(W, Ȳ)⟩.
Mat conv2d_input_adjoint(const Eigen::Ref<const Mat>& W, const Eigen::Ref<const Mat>& dY,
                         const ConvShape& shape);
// Conversions between the column layout (C·P, n) and the GEMM layout (C, n·P).
Mat images_to_channel_rows(const Eigen::Ref<const Mat>& Y, int channels);
Mat channel_rows_to_images(const Eigen::Ref<const Mat>& Z, int channels, Eigen::Index n);

// Y = upsample(X)        X (C·H·W, n)  ->  Y (C·sH·sW, n);  the adjoint sums each s×s block.
Mat upsample_nearest_forward(const Eigen::Ref<const Mat>& X, const UpsampleShape& shape);
Mat upsample_nearest_adjoint(const Eigen::Ref<const Mat>& dY, const UpsampleShape& shape);

// Tape ops.
// Y = conv(W, X) [+ b per output channel]
// dW = Z̄ cols^T   db = rowsum(Z̄)   dX = col2im(W^T Z̄)   (Z̄ = dY in GEMM layout)
Var conv2d(Var W, Var X, const ConvShape& shape);
Var conv2d(Var W, Var X, Var b, const ConvShape& shape);
// Y = upsample(X), dX = upsample_adjoint(dY)
Var upsample_nearest(Var X, const UpsampleShape& shape);

}  // namespace memo
