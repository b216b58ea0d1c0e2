// One measurement shared by the MEM conv experiments: train a linear conv autoencoder on
// X, then read off its operator M, |eig(M)| sorted, and how far M is from memorising X
// (the projection X X^+, MEM Lemma 4).
#pragma once
#include "lib/nn/conv_net.hpp"
#include "lib/nn/optimizer.hpp"
#include "lib/nn/train.hpp"

namespace memo::mem {

struct LinearConvFit {
  TrainResult training;
  Mat op;                          // M = C_L ⋯ C_1 (with skips)
  Vec spectrum;                    // |λ_i(M)|, decreasing
  Vec singular_values;             // σ_i(M), decreasing
  double distance_to_projection;   // ‖M − X X^+‖_F
  // ‖(I − X X^+) M‖_F / ‖M‖_F: 0 when every output lies in the span of the training images.
  // M can be rank n with range span(X) and still be far from X X^+ (M = x v^T, v^T x = 1:
  // not symmetric), which is how the deep conv nets memorise.
  double range_outside_span;
};

// Trains `net` (already initialised) as an autoencoder on X with MSE loss, then measures.
LinearConvFit fit_linear_conv(ConvNet& net, const Mat& X, const OptimizerConfig& optimizer,
                              const TrainOptions& options);

// MEM App. F's training recipe: GD lr 0.1 up to 10 layers, Adam lr 1e-4 beyond.
OptimizerConfig mem_table_optimizer(int layers);

// "1, 1, .98, …": the first `count` values with two significant digits.
std::string format_spectrum(const Vec& spectrum, int count);

}  // namespace memo::mem
