// Fully connected networks: f(x) = W_L φ(… φ(W_1 x + b_1) …) + b_L.
// Examples are columns; weights have shape (out, in) like PyTorch's Linear.weight.
#pragma once
#include <string>
#include <vector>
#include "lib/autodiff/activation.hpp"
#include "lib/core/random.hpp"
#include "lib/autodiff/tape.hpp"

namespace memo {

// standard: PyTorch's default nn.Linear (weight and bias U(−1/√fan_in, 1/√fan_in)).
// ntk: weights N(0,1), the forward pass multiplies by 1/√fan_in, no bias.
enum class Parametrization { standard, ntk };
Parametrization parse_parametrization(const std::string& name);
std::string parametrization_name(Parametrization p);

struct Linear {
  Param weight;             // (out, in)
  Param bias;               // (out, 1); empty when has_bias is false
  bool has_bias = true;
  double forward_scale = 1;  // 1/√fan_in in the ntk parametrisation, else 1
};

struct Mlp {
  std::vector<int> widths;  // d_0 (input), d_1, …, d_L (output)
  Activation activation;    // after every hidden layer
  Activation output_activation{ActivationKind::identity};  // after the last layer
  Parametrization parametrization = Parametrization::standard;
  std::vector<Linear> layers;
  int input_dim() const { return widths.front(); }
  int output_dim() const { return widths.back(); }
};

// An MLP with the parametrisation's default initialisation.
Mlp make_mlp(const std::vector<int>& widths, const Activation& activation,
             Parametrization parametrization, bool bias, Rng& rng);

// Initialisation overrides (PyTorch formulas; gain 1 for Xavier, √2 for Kaiming):
//   "default", "zero", "const:c", "uniform:a" (U[−a,a]), "normal:s" (N(0,s²)),
//   "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal".
// Weights and biases both follow zero/const/uniform/normal; Xavier and Kaiming set the
// weights and zero the biases.
void initialize(Mlp& net, const std::string& spec, Rng& rng);

std::vector<Param*> parameters(Mlp& net);
int parameter_count(const Mlp& net);

// The forward pass, written once for every kind of value: for layer l = 1 … L,
// h ← φ_l(layer_l(h)), with φ_l the hidden activation and φ_L the output activation, skipped
// when it is the identity. apply_layer(l, h) applies the affine map of layer l (0-based),
// apply_activation(φ, h) the activation. Value is Var on the tape, Mat for plain matrices, or
// the point and Jacobian that jacobian(Mlp, x) carries through the layers.
template <typename Value, typename Layer, typename Act>
Value run_layers(const Mlp& net, Value h, Layer&& apply_layer, Act&& apply_activation) {
  for (size_t l = 0; l < net.layers.size(); ++l) {
    h = apply_layer(l, std::move(h));
    const Activation& act = l + 1 == net.layers.size() ? net.output_activation : net.activation;
    if (act.kind != ActivationKind::identity) h = apply_activation(act, std::move(h));
  }
  return h;
}

// Throws Error unless the data have the network's input dimension.
void require_input(const Mlp& net, Eigen::Index rows);

// The forward pass on the tape, and the same computation without a tape.
Var forward(Mlp& net, Var X);
Mat forward(const Mlp& net, const Mat& X);

// Parses "32,1000,32"; throws on anything but positive integers.
std::vector<int> parse_widths(const std::string& text);

}  // namespace memo
