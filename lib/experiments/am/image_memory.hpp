// The network of AM Fig. 2 as a shared first step: a deep autoencoder trained with Adam on a
// few real images (MNIST standing in for ImageNet-64), each image's own fixed point x_i* found
// by Newton's method, and the spectrum of J_f there (AM Prop. 1: x_i* is an attractor when
// ρ(J_f(x_i*)) < 1). am-images (recovery from corruption) and am-spurious (every limit from
// test images and noise) both start from it.
//
// A network trained to MSE 1e-8 has its fixed point about 1e-2 from x_i at this size, so AM's
// 1e-7 match cannot hold against x_i itself: limits are matched to x_i* instead.
#pragma once
#include <string>
#include <vector>

#include "lib/cli/settings.hpp"
#include "lib/dynamics/dynamical_map.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/nn/train.hpp"

namespace memo::am {

struct ImageMemorySettings {
  std::string dataset = "mnist", act = "selu", init = "default";
  int examples = 10, downsample = 2, depth = 20, width = 512;
  double lr = 1e-4, tol = 1e-8;
  long max_epochs = 20000;

  template <typename Field>
  void fields(Field&& field) {
    field("dataset", dataset, "image set (make datasets installs mnist)");
    field("examples", examples, "training images, balanced over the classes", at_least(1));
    field("downsample", downsample, "average-pool factor (1: full size)", at_least(1));
    field("depth", depth, "hidden layers", at_least(1));
    field("width", width, "hidden width", at_least(1));
    field("act", act, "activation");
    field("init", init, "initialisation (default: PyTorch's; uniform:a is U[−a, a])");
    field("lr", lr, "Adam learning rate", positive());
    field("tol", tol, "train until the MSE is below this", positive());
    field("max_epochs", max_epochs, "epoch limit", at_least(1));
  }
};

struct ImageMemory {
  Mat X;                              // (d, n) training images
  std::vector<Eigen::Index> indices;  // their rows in the image set
  int side = 0;                       // images are side × side
  Mlp net;
  TrainResult fit;
  Mat fixed_points;                   // x_i*, column i next to x_i (x_i itself when Newton fails)
  int newton_failures = 0;            // examples with no fixed point found next to them
  std::vector<Spectrum> at_fixed_points;
  int attractors = 0;
  double largest_spectral_radius = 0;
  double max_fixed_point_offset = 0;  // max_i ‖x_i* − x_i‖
};

// Draws the images (balanced, from `seed`), builds and trains the network drawing its weights
// from `rng`, and measures every x_i*. Map the result with mlp_map(memory.net) once it has its
// final address (the map refers to the network). With a checkpoint path the training resumes
// from it and writes it as it goes (lib/nn/checkpoint); memory.fit keeps the loss history.
ImageMemory train_image_memory(const ImageMemorySettings& settings, std::uint64_t seed, Rng& rng, bool quiet,
                               const Checkpointing& checkpoint = {});

}  // namespace memo::am
