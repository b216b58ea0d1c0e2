#include "lib/nn/unet.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "lib/autodiff/channel_concat.hpp"
#include "lib/compute/parallel.hpp"
#include "lib/nn/init.hpp"

namespace memo {

namespace {

ConvLayer conv_layer(int in_channels, int side, int out_channels, int kernel, int padding, int stride) {
  ConvLayer layer;
  layer.conv = {in_channels, side, side, out_channels, kernel, padding, stride};
  layer.conv.validate();
  layer.weight.value = Mat::Zero(out_channels, layer.conv.patch_size());
  layer.has_bias = true;
  layer.bias.value = Mat::Zero(out_channels, 1);
  layer.activate = true;
  return layer;
}

// The conv layers in forward order (the order of initialize and parameters).
template <typename Net, typename Visit>
void for_each_conv(Net& net, Visit&& visit) {
  visit(net.stem);
  for (auto& layer : net.down) visit(layer);
  for (int l = static_cast<int>(net.up.size()) - 1; l >= 0; --l) visit(net.up[l]);
  visit(net.head);
}

void require_input(const UNet& net, Eigen::Index rows) {
  if (rows != net.input_size())
    throw Error(fmt::format("U-Net: input has {} rows, expected {} (C·H·W = {}·{}·{})", rows, net.input_size(),
                            net.input.channels, net.input.height, net.input.width));
}

// One forward pass written once for both value types: Value = Var (tape) or Mat (plain).
// conv(layer, h) applies a conv layer with its bias, act the activation, upsample and concat
// the U-Net's two other pieces.
// Net is UNet (the tape reads the parameters in place) or const UNet.
template <typename Net, typename Value, typename Conv, typename Act, typename Up, typename Concat>
Value run_unet(Net& net, const Value& x, Conv&& conv, Act&& act, Up&& upsample, Concat&& concat) {
  std::vector<Value> h;  // h[l]: the encoder's features at level l
  h.push_back(act(conv(net.stem, x)));
  for (auto& layer : net.down) h.push_back(act(conv(layer, h.back())));
  Value g = h.back();
  for (int l = static_cast<int>(net.up.size()) - 1; l >= 0; --l)
    g = act(conv(net.up[l], l >= net.first_skip ? concat(upsample(net.upsample[l], g), h[l])
                                                : upsample(net.upsample[l], g)));
  return conv(net.head, g);
}

}  // namespace

UNet make_unet(const UNetOptions& o) {
  const ImageShape& in = o.input;
  if (in.channels <= 0 || in.height <= 0 || in.width <= 0 || o.levels < 0 || o.width <= 0)
    throw Error(fmt::format("U-Net: input {}×{}×{}, {} levels, width {}; expected positive sizes and levels ≥ 0",
                            in.channels, in.height, in.width, o.levels, o.width));
  if (o.first_skip < 0)
    throw Error(fmt::format("U-Net: first_skip = {}, expected >= 0", o.first_skip));
  if (in.height != in.width)
    throw Error(fmt::format("U-Net: input {}×{}, expected square images", in.height, in.width));
  if (o.levels > 20 || in.height % (1 << o.levels) != 0)
    throw Error(fmt::format("U-Net: image side {} with {} levels, expected a side divisible by 2^levels",
                            in.height, o.levels));
  UNet net;
  net.input = in;
  net.activation = o.activation;
  net.first_skip = o.first_skip;
  net.stem = conv_layer(in.channels, in.height, o.width, 3, 1, 1);
  for (int l = 1; l <= o.levels; ++l)
    net.down.push_back(conv_layer(o.width << (l - 1), in.height >> (l - 1), o.width << l, 3, 1, 2));
  for (int l = 0; l < o.levels; ++l) {
    const int coarse_channels = o.width << (l + 1), coarse_side = in.height >> (l + 1);
    net.upsample.push_back({coarse_channels, coarse_side, coarse_side, 2});
    const int skip_channels = l >= o.first_skip ? o.width << l : 0;
    net.up.push_back(conv_layer(coarse_channels + skip_channels, in.height >> l, o.width << l, 3, 1, 1));
  }
  net.head = conv_layer(o.width, in.height, in.channels, 1, 0, 1);
  net.head.activate = false;
  return net;
}

void initialize(UNet& net, const std::string& spec, Rng& rng) {
  for_each_conv(net, [&](ConvLayer& layer) {
    // PyTorch's Conv2d fans: fan_in = C_in·k², fan_out = C_out·k²
    const double k2 = static_cast<double>(layer.conv.kernel) * layer.conv.kernel;
    layer.bias.value = initialize_layer(spec, layer.conv.patch_size(), layer.conv.out_channels * k2,
                                        layer.weight.value, rng);
  });
}

std::vector<Param*> parameters(UNet& net) {
  std::vector<Param*> params;
  for_each_conv(net, [&](ConvLayer& layer) {
    params.push_back(&layer.weight);
    params.push_back(&layer.bias);
  });
  return params;
}

int parameter_count(const UNet& net) {
  int count = 0;
  for_each_conv(net, [&](const ConvLayer& layer) {
    count += static_cast<int>(layer.weight.value.size() + layer.bias.value.size());
  });
  return count;
}

namespace {

// The forward pass on the tape. With trainable = false the weights enter as constants, so a
// Jacobian's reverse pass computes no weight gradients and leaves the Params' grads alone.
Var forward_on_tape(UNet& net, Var X, bool trainable) {
  Tape& t = *X.tape;
  require_input(net, t.val(X).rows());
  const auto leaf = [&](Param& p) { return trainable ? t.param(p) : t.constant(p.value); };
  return run_unet(
      net, X, [&](ConvLayer& layer, Var h) { return conv2d(leaf(layer.weight), h, leaf(layer.bias), layer.conv); },
      [&](Var h) { return net.activation.kind == ActivationKind::identity ? h : activation(h, net.activation); },
      [](const UpsampleShape& shape, Var h) { return upsample_nearest(h, shape); },
      [](Var a, Var b) { return concat_channels(a, b); });
}

}  // namespace

Var forward(UNet& net, Var X) { return forward_on_tape(net, X, true); }

Mat forward(const UNet& net, const Mat& X) {
  require_input(net, X.rows());
  return run_unet(
      net, X,
      [](const ConvLayer& layer, const Mat& h) -> Mat {
        Mat y = conv2d_forward(layer.weight.value, h, layer.conv);
        const int P = layer.conv.out_height() * layer.conv.out_width();
        for (int c = 0; c < layer.conv.out_channels; ++c) y.middleRows(c * P, P).array() += layer.bias.value(c, 0);
        return y;
      },
      [&](const Mat& h) -> Mat { return net.activation.kind == ActivationKind::identity ? h : activate(net.activation, h); },
      [](const UpsampleShape& shape, const Mat& h) { return upsample_nearest_forward(h, shape); },
      [](const Mat& a, const Mat& b) { return concat_channels(a, b); });
}

TapeMap tape_map(UNet& net) {
  return [&net](Tape&, Var X) { return forward_on_tape(net, X, false); };
}

// Reverse mode on blocks of output rows: the batch holds one copy of x per row of the block,
// seeded with that row's unit vector (the im2col patches of a 1024-copy batch of 32×32 images
// would take gigabytes).
Mat jacobian(UNet& net, const Vec& x) {
  require_input(net, x.size());
  constexpr int kBlock = 32;
  const int d = net.output_size();
  Mat J(d, net.input_size());
  for (int r0 = 0; r0 < d; r0 += kBlock) {
    const int m = std::min(kBlock, d - r0);
    Tape tape;
    const Var X = tape.input(x.replicate(1, m));
    const Var Y = forward_on_tape(net, X, false);
    Mat seed = Mat::Zero(d, m);
    for (int c = 0; c < m; ++c) seed(r0 + c, c) = 1;
    tape.backward(Y, seed);
    J.middleRows(r0, m) = tape.grad(X).transpose();
  }
  return J;
}

DynamicalMap unet_map(UNet& net) {
  DynamicalMap f;
  f.dim = net.input_size();
  f.apply = [&net](const Mat& X) { return forward(net, X); };
  f.jacobians = [&net](const Mat& X) {
    std::vector<Mat> out(X.cols());
    parallel_runs(static_cast<int>(X.cols()), omp_get_max_threads(), [&](int i) { out[i] = jacobian(net, Vec(X.col(i))); });
    return out;
  };
  return f;
}

LossFunction autoencoder_loss(UNet& net, const Mat& X, LossKind kind) {
  require_input(net, X.rows());
  return [&net, X, kind](Tape& t) { return loss(kind, forward(net, t.constant(X)), X); };
}

TrainResult train_unet(UNet& net, const Mat& X, const UNetTraining& training, Rng& rng, bool quiet) {
  net = make_unet(training.network);
  initialize(net, training.init, rng);
  Optimizer adam(Adam{.lr = training.lr}, parameters(net));
  TrainResult result = train(adam, autoencoder_loss(net, X, LossKind::mse),
                             {.tol = training.tol, .max_epochs = training.max_epochs, .quiet = quiet,
                              .keep_history = false});
  if (result.status == TrainStatus::diverged) throw Diverged("U-Net training: " + result.describe());
  return result;
}

}  // namespace memo
