#include "lib/nn/mlp.hpp"

#include <cmath>
#include <fmt/format.h>

#include "lib/compute/gemm.hpp"
#include "lib/nn/init.hpp"
#include "lib/cli/parse.hpp"
#include "lib/autodiff/ops.hpp"

namespace memo {

Parametrization parse_parametrization(const std::string& name) {
  if (name == "standard") return Parametrization::standard;
  if (name == "ntk") return Parametrization::ntk;
  throw Error(fmt::format("unknown parametrization '{}' (known: standard, ntk)", name));
}

std::string parametrization_name(Parametrization p) {
  return p == Parametrization::ntk ? "ntk" : "standard";
}

Mlp make_mlp(const std::vector<int>& widths, const Activation& activation,
             Parametrization parametrization, bool bias, Rng& rng) {
  if (widths.size() < 2) throw Error("an MLP needs at least two widths (input and output)");
  Mlp net;
  net.widths = widths;
  net.activation = activation;
  net.parametrization = parametrization;
  for (size_t l = 0; l + 1 < widths.size(); ++l) {
    Linear layer;
    layer.has_bias = bias;
    layer.weight.value = Mat::Zero(widths[l + 1], widths[l]);
    if (bias) layer.bias.value = Mat::Zero(widths[l + 1], 1);
    if (parametrization == Parametrization::ntk)
      layer.forward_scale = 1.0 / std::sqrt(static_cast<double>(widths[l]));
    net.layers.push_back(std::move(layer));
  }
  initialize(net, "default", rng);
  return net;
}

void initialize(Mlp& net, const std::string& spec, Rng& rng) {
  // The ntk parametrisation's default is N(0,1) for every weight.
  const std::string layer_spec =
      spec == "default" && net.parametrization == Parametrization::ntk ? "normal:1" : spec;
  for (Linear& layer : net.layers) {
    Mat& W = layer.weight.value;
    const Mat bias = initialize_layer(layer_spec, static_cast<double>(W.cols()), static_cast<double>(W.rows()), W, rng);
    if (layer.has_bias) layer.bias.value = bias;
  }
}

std::vector<Param*> parameters(Mlp& net) {
  std::vector<Param*> params;
  for (Linear& layer : net.layers) {
    params.push_back(&layer.weight);
    if (layer.has_bias) params.push_back(&layer.bias);
  }
  return params;
}

int parameter_count(const Mlp& net) {
  int count = 0;
  for (const Linear& layer : net.layers)
    count += static_cast<int>(layer.weight.value.size() + (layer.has_bias ? layer.bias.value.size() : 0));
  return count;
}

Var forward(Mlp& net, Var X) {
  Tape& t = *X.tape;
  if (t.val(X).rows() != net.input_dim())
    throw Error(fmt::format("network input has dimension {}, data has {} rows", net.input_dim(),
                            t.val(X).rows()));
  Var H = X;
  for (size_t l = 0; l < net.layers.size(); ++l) {
    Linear& layer = net.layers[l];
    Var Z = matmul(t.param(layer.weight), H, layer.forward_scale);
    if (layer.has_bias) Z = add_bias(Z, t.param(layer.bias));
    const bool last = l + 1 == net.layers.size();
    const Activation& act = last ? net.output_activation : net.activation;
    H = act.kind == ActivationKind::identity ? Z : activation(Z, act);
  }
  return H;
}

Mat forward(const Mlp& net, const Mat& X) {
  if (X.rows() != net.input_dim())
    throw Error(fmt::format("network input has dimension {}, data has {} rows", net.input_dim(),
                            X.rows()));
  Mat H = X, Z;
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const Linear& layer = net.layers[l];
    gemm(layer.weight.value, false, H, false, Z, layer.forward_scale);
    if (layer.has_bias) Z.colwise() += layer.bias.value.col(0);
    const bool last = l + 1 == net.layers.size();
    const Activation& act = last ? net.output_activation : net.activation;
    if (act.kind == ActivationKind::identity) H.swap(Z);
    else activate(act, Z, H);
  }
  return H;
}

std::vector<int> parse_widths(const std::string& text) {
  std::vector<int> widths;
  for (double value : parse_number_list(text, fmt::format("widths '{}'", text))) {
    if (value < 1 || value != std::floor(value) || value > 1e9)
      throw Error(fmt::format("widths '{}': '{}' is not a positive integer", text, value));
    widths.push_back(static_cast<int>(value));
  }
  return widths;
}

}  // namespace memo
