#include "lib/nn/mlp.hpp"

#include <cmath>
#include <fmt/format.h>

#include "lib/autodiff/fast_terms.hpp"
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

void require_input(const Mlp& net, Eigen::Index rows) {
  if (rows != net.input_dim())
    throw Error(fmt::format("network input has dimension {}, data has {} rows", net.input_dim(), rows));
}

Var forward(Mlp& net, Var X) {
  Tape& t = *X.tape;
  require_input(net, t.val(X).rows());
  return run_layers(
      net, X,
      [&](size_t l, Var h) {
        Linear& layer = net.layers[l];
        const Var Z = matmul(t.param(layer.weight), h, layer.forward_scale);
        return layer.has_bias ? add_bias(Z, t.param(layer.bias)) : Z;
      },
      [](const Activation& act, Var h) { return activation(h, act); });
}

Mat forward(const Mlp& net, const Mat& X) {
  require_input(net, X.rows());
  return run_layers(
      net, X,
      [&](size_t l, const Mat& h) {
        const Linear& layer = net.layers[l];
        Mat Z = product(layer.weight.value, h, layer.forward_scale);
        if (layer.has_bias) Z.colwise() += layer.bias.value.col(0);
        return Z;
      },
      [](const Activation& act, const Mat& h) { return activate(act, h); });
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
