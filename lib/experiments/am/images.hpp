// AM Fig. 2 and S9, with MNIST standing in for ImageNet-64 (not available here): a deep
// autoencoder trained on a few real images stores them as attractors, and iterating it from
// noisy copies recovers them. AM trains 500 ImageNet-64 images with Adam (lr 1e-4) to MSE 1e-8;
// quick takes 10 MNIST digits (one per class) downsampled to 14×14 and 20 SELU layers of
// width 512 (AM Fig. 5: storing images needs depth).
//
// A network trained to MSE 1e-8 has its fixed point about 1e-2 from x_i here, so AM's 1e-7
// match cannot hold against x_i itself: every x_i is replaced by the fixed point x_i* next to
// it (Newton's method), the attractor test is ρ(J(x_i*)) < 1, and orbits are matched to x_i*.
// Recovery is compared with 1-nearest-neighbour on the same noisy copies (AM Fig. S9).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::am {

struct ImagesSettings {
  std::string dataset = "mnist", act = "selu", corruption = "gaussian:0.3";
  int examples = 10, downsample = 2, depth = 20, width = 512, copies = 10, max_iterations = 1000;
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
    field("lr", lr, "Adam learning rate", positive());
    field("tol", tol, "train until the MSE is below this", positive());
    field("max_epochs", max_epochs, "epoch limit", at_least(1));
    field("corruption", corruption, "noise of the copies iteration starts from");
    field("copies", copies, "noisy copies per image", at_least(1));
    field("max_iterations", max_iterations, "iteration limit per copy", at_least(1));
  }
};

std::vector<std::pair<std::string, ImagesSettings>> images_presets();
// Comparison "examples that are attractors" (with convergence, no spurious limit and recovery
// above chance); measured: training, largest ρ(J), fixed-point offsets, recovery rates.
ExperimentResult run_images(const ImagesSettings& settings, const ExperimentContext& context);

}  // namespace memo::am
