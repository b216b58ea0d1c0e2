// MEM App. G, Fig. 7 (network D1): a linear conv autoencoder
// that downsamples with stride-2 convolutions to a 1×1 representation and comes back with
// nearest-neighbour upsampling + convolutions memorises its 2 training images with few layers:
// the spectrum of its operator is 1, 1, [< 2e-2] and its output on Gaussian noise is a
// combination of the training images.
//
// Substitution: the paper trains on two CIFAR-10 images (not available here); by default we use two smooth synthetic s×s images (random low-frequency cosine sums),
// and the data setting (a .npy file) takes real images of shape (n, s·s) instead (the first 2 rows are used).
// Architecture (Fig. 7a is not in the text): log2(s) convs k3 p1 s2 with --filters channels
// down to 1×1, then log2(s) × [upsample ×2, conv k3 p1 s1], then a conv to 1 channel; no bias,
// no activation. Init PyTorch default ("sufficient to force each parameter close to zero");
// Adam for 10000 iterations (paper) / 3000 (quick) — the paper names no optimizer.

#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::mem {

struct ConvDownsampleSettings {
  int size = 8, filters = 16, images = 2, noise_samples = 20;
  long iterations = 3000;
  double lr = 1e-3;
  std::string init = "default";
  std::string data;  // .npy of shape (n, s·s); empty: synthetic smooth images

  template <typename Field>
  void fields(Field&& field) {
    field("size", size, "image side s, a power of 2", at_least(2));
    field("filters", filters, "channels of the hidden layers", at_least(1));
    field("images", images, "training images", at_least(1));
    field("iterations", iterations, "Adam steps", at_least(1));
    field("lr", lr, "Adam learning rate", positive());
    field("init", init, "initialisation");
    field("data", data, ".npy of shape (n, s·s): real images instead of the synthetic ones");
    field("noise_samples", noise_samples, "Gaussian inputs fed to the trained net", at_least(1));
  }
};

std::vector<std::pair<std::string, ConvDownsampleSettings>> conv_downsample_presets();
ExperimentResult run_conv_downsample(const ConvDownsampleSettings& settings, const ExperimentContext& context);

}  // namespace memo::mem
