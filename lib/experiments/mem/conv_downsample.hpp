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
//
// MEM App. G, Fig. 8 (network D2, --network D2): downsampling to 4×4 in one layer and then
// depth at 4×4 (Table 2's 29 layers) memorises one image: spectrum 1, [< 7e-6], output on
// Gaussian noise a multiple of the image. Every parameter 1.8e-3 (paper); with 64 filters a 3×3
// layer then has gain 9·64·1.8e-3 ≈ 1.04, which is presumably why. Layers in
// lib/experiments/mem/downsampling_nets.hpp. Presets d2 (16×16, 16 filters, every parameter
// 1/(9·16), the same per-layer gain; 3000 steps) and d2-paper (32×32, 64 filters, 1.8e-3,
// 10000 steps). A constant init keeps every channel of a layer equal (they get equal
// gradients), so D2 so initialised is a single-filter net whose channels are copies.
// D2 uses Adam lr 1e-4 (MEM App. F's rate beyond 10 layers); at lr 1e-3 it does not train
// (|λ1| = 1.6e-6 after 3000 steps). Measured (seed 0, smooth image): d2 preset |λ1| = 0.986,
// |λ2| = 1.4e-6 (paper 1, [< 7e-6]); 8×8 with 2 filters, 3000 steps: 0.999, 1.6e-6. The noise
// outputs are not multiples of the image (19% of their norm outside its span at d2): M has
// one eigenvalue near 1 and the rest near 0, but it is not normal, so its range is wider than
// its leading eigenvector. d2-paper not run (extrapolated 2–8 h on 2 cores from the d2 run).

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
  std::string network = "D1";
  int depth = 29;  // D2: conv layers at the 4×4 representation
  std::string data;  // fashion-mnist(-test), or a .npy of shape (n, s·s); empty: synthetic smooth images

  template <typename Field>
  void fields(Field&& field) {
    field("size", size, "image side s, a power of 2", at_least(2));
    field("filters", filters, "channels of the hidden layers", at_least(1));
    field("images", images, "training images", at_least(1));
    field("iterations", iterations, "Adam steps", at_least(1));
    field("lr", lr, "Adam learning rate", positive());
    field("init", init, "initialisation");
    field("network", network, "D1 (MEM Fig. 7) or D2 (Fig. 8)");
    field("depth", depth, "D2: conv layers at 4×4", within(0, 1000));
    field("data", data, "fashion-mnist, fashion-mnist-test (padded to 32×32, pooled to s×s) or a .npy of shape (n, s·s): real images instead of the synthetic ones");
    field("noise_samples", noise_samples, "Gaussian inputs fed to the trained net", at_least(1));
  }
};

std::vector<std::pair<std::string, ConvDownsampleSettings>> conv_downsample_presets();
ExperimentResult run_conv_downsample(const ConvDownsampleSettings& settings, const ExperimentContext& context);

}  // namespace memo::mem
