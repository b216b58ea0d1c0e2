// Channel concatenation of two image batches, the skip connection of the U-Net (Ronneberger
// et al. 2015, cited as AM ref. 36): the decoder's upsampled features and the encoder's
// features of the same resolution are stacked as channels. In the column layout of
// lib/autodiff/conv.hpp an image is channel after channel, so stacking channels is stacking
// rows: [A; B] is the image with A's channels first, then B's.
#pragma once
#include "lib/autodiff/tape.hpp"

namespace memo {

// Y = [A; B]          A (C_a·H·W, n)  B (C_b·H·W, n)  ->  Y ((C_a + C_b)·H·W, n)
Mat concat_channels(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B);
// Y = [A; B]    dA = dY top rows    dB = dY bottom rows
Var concat_channels(Var A, Var B);

}  // namespace memo
