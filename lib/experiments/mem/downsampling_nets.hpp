// MEM App. G's downsampling conv autoencoders. The paper draws them (Figs. 7a, 8a) without
// listing the layers; ours:
//   D1 (Fig. 7a): log2(s) convs k3 p1 s2 with `filters` channels down to 1×1, then
//     log2(s) × [nearest upsample ×2, conv k3 p1 s1], then a conv k3 p1 to 1 channel.
//   D2 (Fig. 8a, "downsamples a 32×32 image to a 4×4 representation after layer 1", then the
//     29 layers Table 2 asks for at 4×4): one conv with kernel and stride s/4 (a patch
//     embedding that sees every pixel), `depth` convs k3 p1 s1 at 4×4, then log2(s/4) ×
//     [upsample ×2, conv k3 p1 s1], then a conv k3 p1 to 1 channel.
// `activation` (identity: the linear nets of App. G; leaky ReLU: MEM Figs. 5–6) follows every
// layer but the last; `bias` as PyTorch's Conv2d(bias=True).
#pragma once
#include "lib/nn/conv_net.hpp"

namespace memo::mem {

// log2(s) for s a power of 2 (≥ 2); Error otherwise.
int downsampling_levels(int size);

ConvNet downsampling_net_d1(int size, int filters, const Activation& activation = {}, bool bias = false);
ConvNet downsampling_net_d2(int size, int filters, int depth, const Activation& activation = {}, bool bias = false);

}  // namespace memo::mem
