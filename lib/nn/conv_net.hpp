// Convolutional autoencoders (MEM §4, App. F–H): a stack of conv and
// nearest-neighbour upsampling layers on images stored as columns (layout in lib/autodiff/conv.hpp),
// an elementwise activation after chosen layers, and residual connections every m layers.
//
// Forward pass, layer j = 1 … L:   h ← φ(layer_j(h)) (φ only where layer.activate),
// and when skip_every = m > 0 and j is a multiple of m:   h ← h + h_{j−m}, the input of
// layer j−m+1 (He et al. 2016, MEM App. F: "skip connections between every 10 layers").
// A skip whose two ends differ in shape is rejected when the network is checked.
#pragma once
#include <string>
#include <vector>
#include "lib/autodiff/activation.hpp"
#include "lib/autodiff/conv.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/autodiff/ops.hpp"
#include "lib/core/random.hpp"
#include "lib/nn/train.hpp"

namespace memo {

enum class ConvLayerKind { conv, upsample };

struct ConvLayer {
  ConvLayerKind kind = ConvLayerKind::conv;
  ConvShape conv;            // kind == conv
  UpsampleShape upsample;    // kind == upsample
  Param weight;              // (out_channels, in_channels·k·k)
  Param bias;                // (out_channels, 1), only when has_bias
  bool has_bias = false;
  bool activate = false;     // apply the network's activation to this layer's output
  int input_size() const { return kind == ConvLayerKind::conv ? conv.input_size() : upsample.input_size(); }
  int output_size() const { return kind == ConvLayerKind::conv ? conv.output_size() : upsample.output_size(); }
};

struct ImageShape {
  int channels = 1, height = 1, width = 1;
  int size() const { return channels * height * width; }
};

struct ConvNet {
  ImageShape input;
  std::vector<ConvLayer> layers;
  Activation activation{ActivationKind::identity};
  int skip_every = 0;  // 0: no residual connections
  ImageShape output_shape() const;  // shape after the last layer (the input when empty)
  int input_size() const { return input.size(); }
  int output_size() const { return output_shape().size(); }
};

// Appends a layer that reads the current output shape. New weights are zero; call
// initialize() once the network is complete.
void add_conv(ConvNet& net, int out_channels, int kernel = 3, int padding = 1, int stride = 1,
              bool bias = false, bool activate = false);
void add_upsample(ConvNet& net, int scale);

// The network of MEM Tables 1–2 and App. H: `layers` kernel-3, padding-1, stride-1 convs on
// 1×s×s images, 1 → filters → … → filters → 1 channels, no bias; the activation (identity
// for the linear tables) after every layer when activate_output, else after all but the last.
struct ConvStackOptions {
  int image_size = 3;
  int layers = 2;
  int filters = 1;
  int kernel = 3;
  bool bias = false;
  Activation activation{ActivationKind::identity};
  bool activate_output = false;
  int skip_every = 0;
};
ConvNet make_conv_stack(const ConvStackOptions& options);

// Throws Error unless consecutive layers fit and every skip joins equal shapes.
void check_network(const ConvNet& net);

// Initialisation, the strings of initialize(Mlp&) with conv fans (PyTorch's
// _calculate_fan_in_and_fan_out: fan_in = C_in·k², fan_out = C_out·k²):
//   "default" (PyTorch nn.Conv2d: weight and bias U(±1/√fan_in)), "zero", "const:c" (every
//   parameter c — MEM's "as close to zero as possible"), "uniform:a", "normal:s",
//   "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal" (gain √2, fan_in;
//   Xavier/Kaiming zero the biases).
void initialize(ConvNet& net, const std::string& spec, Rng& rng);

std::vector<Param*> parameters(ConvNet& net);
int parameter_count(const ConvNet& net);

// The forward pass on the tape, and the same computation without a tape.
Var forward(ConvNet& net, Var X);
Mat forward(const ConvNet& net, const Mat& X);

// The batch map x ↦ f(x) for lib/dynamics/jacobian.hpp (J = jacobian(tape_map(net), x, output_size)).
TapeMap tape_map(ConvNet& net);
Mat jacobian(ConvNet& net, const Vec& x);

// Autoencoder training loss on the (cleared) tape: loss(f(X), X).
LossFunction autoencoder_loss(ConvNet& net, const Mat& X, LossKind kind);

}  // namespace memo
