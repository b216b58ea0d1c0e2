// A small U-Net convolutional autoencoder (Ronneberger et al. 2015; AM Figs. S5–S6 and MEM
// Fig. 1b train one without listing its layers, so these are ours). With width w, L levels and
// C × s × s inputs (s divisible by 2^L):
//
//   h_0 = φ(conv_3×3(x))                          w channels, s × s          (the stem)
//   h_l = φ(conv_3×3, stride 2(h_{l−1}))          w·2^l channels, s/2^l      l = 1 … L (encoder)
//   g_L = h_L
//   g_l = φ(conv_3×3([upsample_×2(g_{l+1}); h_l])) w·2^l channels, s/2^l      l = L−1 … 0 (decoder)
//   f(x) = conv_1×1(g_0)                           C channels, s × s          (the head, no φ)
//
// Every conv has padding 1 (the 1×1 head none) and a bias (PyTorch's Conv2d default). Skips
// concatenate channels, as the original U-Net does (the decoder's conv sees the upsampled
// coarse features beside the encoder's features of the same resolution), rather than adding
// them: addition would force both to the same channel count and mix them before any weight
// can tell them apart. Strided convolutions downsample, as AM Fig. S5's caption asks ("the
// receptive field size of the hidden units covers the entire image … by increasing the stride
// of the filters"): with s = 2^L the bottleneck is 1 × 1 and sees every pixel.
#pragma once
#include <vector>

#include "lib/dynamics/dynamical_map.hpp"
#include "lib/nn/conv_net.hpp"

namespace memo {

struct UNetOptions {
  ImageShape input{1, 32, 32};
  int levels = 2;  // stride-2 downsamplings
  int width = 8;   // channels of the stem; level l has width·2^l
  // Levels l < first_skip have no skip: g_l = φ(conv(upsample(g_{l+1}))). 0: the U-Net above.
  int first_skip = 0;
  Activation activation{ActivationKind::leaky_relu, 0.01};
};

struct UNet {
  ImageShape input;
  Activation activation;
  ConvLayer stem;
  std::vector<ConvLayer> down;            // down[l − 1] makes h_l
  std::vector<UpsampleShape> upsample;    // upsample[l] doubles g_{l+1}
  std::vector<ConvLayer> up;              // up[l] makes g_l from [upsample(g_{l+1}); h_l]
  int first_skip = 0;                     // up[l] for l < first_skip reads upsample(g_{l+1}) alone
  ConvLayer head;
  int input_size() const { return input.size(); }
  int output_size() const { return input.size(); }
};

// The network with zero weights; Error unless the sizes are positive and s is divisible by
// 2^levels. Call initialize() next.
UNet make_unet(const UNetOptions& options);

// The initialisations of initialize(ConvNet&) ("default": PyTorch's Conv2d, kaiming-uniform
// a = √5 for the weights, i.e. U(±1/√fan_in), and U(±1/√fan_in) for the biases), layer by layer
// in forward order: stem, encoder, decoder from the coarsest level, head.
void initialize(UNet& net, const std::string& spec, Rng& rng);

std::vector<Param*> parameters(UNet& net);  // in the order of initialize
int parameter_count(const UNet& net);

// The forward pass on the tape, and the same computation without a tape.
Var forward(UNet& net, Var X);
Mat forward(const UNet& net, const Mat& X);

// The batch map x ↦ f(x) for lib/dynamics (J = jacobian(tape_map(net), x, d)), its weights
// entering as constants; jacobian() is the same by blocks of 32 output rows (less memory).
TapeMap tape_map(UNet& net);
Mat jacobian(UNet& net, const Vec& x);
// The network as a dynamical system: the plain forward pass, Jacobians from the tape.
// `net` is captured by reference and must outlive the map.
DynamicalMap unet_map(UNet& net);

// Autoencoder training loss on the (cleared) tape: loss(f(X), X).
LossFunction autoencoder_loss(UNet& net, const Mat& X, LossKind kind);

// What AM and MEM do with a U-Net: default init from `rng`, then Adam at `lr` on the MSE
// until it is below `tol` or `max_epochs` steps were taken (AM Fig. 6: Adam lr 1e-4 to MSE
// 1e-8). Throws Diverged when the loss stops being finite.
struct UNetTraining {
  UNetOptions network;
  std::string init = "default";
  double lr = 1e-4, tol = 1e-8;
  long max_epochs = 1000;
};
TrainResult train_unet(UNet& net, const Mat& X, const UNetTraining& training, Rng& rng, bool quiet);

}  // namespace memo
