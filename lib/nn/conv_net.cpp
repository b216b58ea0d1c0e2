#include "lib/nn/conv_net.hpp"

#include <cmath>
#include <fmt/format.h>

#include "lib/nn/init.hpp"

namespace memo {

ImageShape ConvNet::output_shape() const {
  if (layers.empty()) return input;
  const ConvLayer& last = layers.back();
  if (last.kind == ConvLayerKind::conv)
    return {last.conv.out_channels, last.conv.out_height(), last.conv.out_width()};
  const UpsampleShape& u = last.upsample;
  return {u.channels, u.height * u.scale, u.width * u.scale};
}

void add_conv(ConvNet& net, int out_channels, int kernel, int padding, int stride, bool bias, bool activate) {
  const ImageShape in = net.output_shape();
  ConvLayer layer;
  layer.conv = {in.channels, in.height, in.width, out_channels, kernel, padding, stride};
  layer.conv.validate();
  layer.weight.value = Mat::Zero(out_channels, layer.conv.patch_size());
  layer.has_bias = bias;
  if (bias) layer.bias.value = Mat::Zero(out_channels, 1);
  layer.activate = activate;
  net.layers.push_back(std::move(layer));
}

void add_upsample(ConvNet& net, int scale) {
  const ImageShape in = net.output_shape();
  ConvLayer layer;
  layer.kind = ConvLayerKind::upsample;
  layer.upsample = {in.channels, in.height, in.width, scale};
  layer.upsample.validate();
  net.layers.push_back(std::move(layer));
}

ConvNet make_conv_stack(const ConvStackOptions& o) {
  if (o.image_size <= 0 || o.layers <= 0 || o.filters <= 0 || o.kernel <= 0 || o.kernel % 2 == 0)
    throw Error(fmt::format("conv stack: image size {}, layers {}, filters {}, kernel {}; expected positive "
                            "numbers and an odd kernel", o.image_size, o.layers, o.filters, o.kernel));
  ConvNet net;
  net.input = {1, o.image_size, o.image_size};
  net.activation = o.activation;
  net.skip_every = o.skip_every;
  for (int l = 0; l < o.layers; ++l) {
    const bool last = l + 1 == o.layers;
    add_conv(net, last ? 1 : o.filters, o.kernel, (o.kernel - 1) / 2, 1, o.bias, !last || o.activate_output);
  }
  check_network(net);
  return net;
}

void check_network(const ConvNet& net) {
  if (net.skip_every < 0) throw Error(fmt::format("skip_every = {}, expected >= 0", net.skip_every));
  int size = net.input_size();
  std::vector<int> sizes = {size};  // sizes[j]: size of the input of layer j+1
  for (size_t j = 0; j < net.layers.size(); ++j) {
    const ConvLayer& layer = net.layers[j];
    if (layer.input_size() != size)
      throw Error(fmt::format("layer {} expects inputs of size {}, the previous layer gives {}", j + 1,
                              layer.input_size(), size));
    size = layer.output_size();
    sizes.push_back(size);
    const int m = net.skip_every;
    if (m > 0 && (j + 1) % m == 0 && sizes[j + 1 - m] != size)
      throw Error(fmt::format("skip connection into layer {} joins sizes {} and {}", j + 1, sizes[j + 1 - m], size));
  }
}


void initialize(ConvNet& net, const std::string& spec, Rng& rng) {
  for (ConvLayer& layer : net.layers) {
    if (layer.kind != ConvLayerKind::conv) continue;
    // PyTorch's Conv2d fans: fan_in = C_in·k², fan_out = C_out·k²
    const double k2 = static_cast<double>(layer.conv.kernel) * layer.conv.kernel;
    const double fan_in = layer.conv.patch_size(), fan_out = layer.conv.out_channels * k2;
    const Mat bias = initialize_layer(spec, fan_in, fan_out, layer.weight.value, rng);
    if (layer.has_bias) layer.bias.value = bias;
  }
}

std::vector<Param*> parameters(ConvNet& net) {
  std::vector<Param*> params;
  for (ConvLayer& layer : net.layers) {
    if (layer.kind != ConvLayerKind::conv) continue;
    params.push_back(&layer.weight);
    if (layer.has_bias) params.push_back(&layer.bias);
  }
  return params;
}

int parameter_count(const ConvNet& net) {
  int count = 0;
  for (const ConvLayer& layer : net.layers)
    if (layer.kind == ConvLayerKind::conv)
      count += static_cast<int>(layer.weight.value.size() + (layer.has_bias ? layer.bias.value.size() : 0));
  return count;
}

namespace {

// One forward pass written once for both value types: Value = Var (tape) or Mat (plain).
// The three callbacks apply a layer, the activation and the residual sum.
template <typename Value, typename Layer, typename Act, typename Add>
Value run_layers(const ConvNet& net, Value h, Layer&& apply_layer, Act&& apply_activation, Add&& add_values) {
  const int m = net.skip_every;
  Value block_input = h;
  for (size_t j = 0; j < net.layers.size(); ++j) {
    const ConvLayer& layer = net.layers[j];
    h = apply_layer(j, h);
    if (layer.activate && net.activation.kind != ActivationKind::identity) h = apply_activation(h);
    if (m > 0 && (j + 1) % m == 0) {
      h = add_values(h, block_input);
      block_input = h;
    }
  }
  return h;
}

void require_input(const ConvNet& net, Eigen::Index rows) {
  if (rows != net.input_size())
    throw Error(fmt::format("conv net: input has {} rows, expected {} (C·H·W = {}·{}·{})", rows,
                            net.input_size(), net.input.channels, net.input.height, net.input.width));
}

}  // namespace

Var forward(ConvNet& net, Var X) {
  Tape& t = *X.tape;
  require_input(net, t.val(X).rows());
  return run_layers(
      net, X,
      [&](size_t j, Var h) {
        ConvLayer& layer = net.layers[j];
        if (layer.kind == ConvLayerKind::upsample) return upsample_nearest(h, layer.upsample);
        const Var W = t.param(layer.weight);
        return layer.has_bias ? conv2d(W, h, t.param(layer.bias), layer.conv) : conv2d(W, h, layer.conv);
      },
      [&](Var h) { return activation(h, net.activation); }, [](Var a, Var b) { return add(a, b); });
}

Mat forward(const ConvNet& net, const Mat& X) {
  require_input(net, X.rows());
  return run_layers(
      net, X,
      [&](size_t j, const Mat& h) -> Mat {
        const ConvLayer& layer = net.layers[j];
        if (layer.kind == ConvLayerKind::upsample) return upsample_nearest_forward(h, layer.upsample);
        Mat y = conv2d_forward(layer.weight.value, h, layer.conv);
        if (layer.has_bias) {
          const int P = layer.conv.out_height() * layer.conv.out_width();
          for (int c = 0; c < layer.conv.out_channels; ++c)
            y.middleRows(c * P, P).array() += layer.bias.value(c, 0);
        }
        return y;
      },
      [&](const Mat& h) { return activate(net.activation, h); },
      [](const Mat& a, const Mat& b) -> Mat { return a + b; });
}

TapeMap tape_map(ConvNet& net) {
  return [&net](Tape&, Var X) { return forward(net, X); };
}

Mat jacobian(ConvNet& net, const Vec& x) {
  require_input(net, x.size());
  return jacobian(tape_map(net), x, net.output_size());
}

LossFunction autoencoder_loss(ConvNet& net, const Mat& X, LossKind kind) {
  require_input(net, X.rows());
  if (net.output_size() != net.input_size())
    throw Error(fmt::format("autoencoder: output size {} differs from input size {}", net.output_size(),
                            net.input_size()));
  return [&net, X, kind](Tape& t) { return loss(kind, forward(net, t.constant(X)), X); };
}

}  // namespace memo
