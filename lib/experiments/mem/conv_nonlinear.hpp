// MEM App. H, Figs. 9–10: nonlinear conv autoencoders (one
// kernel-3 filter per layer, padding 1, stride 1, leaky ReLU after every layer).
//   A (Fig. 9): 29 layers, every parameter 0.1, one 4×4 image (a white 2×2 square in the upper
//     left corner): outputs on Gaussian inputs look like the training image.
//   B (Fig. 10): 5 layers, skips every 2 layers, Xavier uniform, two orthogonal 2×2 images
//     (white upper-left pixel, white lower-right pixel): outputs on Gaussian inputs are
//     *individual* training images, not mixtures.
// The paper shows pictures; we measure, for each Gaussian input z, the distance of f(z) from
// the nearest training image relative to its norm, and count inputs mapped within 10%.
// The paper names no optimizer for App. H; we use Adam (lr 1e-4 for A as in App. F beyond 10
// layers, 1e-3 for B) until MSE < 1e-6 or the epoch limit. Leaky ReLU slope 0.01 (PyTorch).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::mem {

struct ConvNonlinearSettings {
  int samples = 100;
  long max_epochs = 20000;

  template <typename Field>
  void fields(Field&& field) {
    field("samples", samples, "Gaussian inputs per network", at_least(1));
    field("max_epochs", max_epochs, "epoch limit", at_least(1));
  }
};

std::vector<std::pair<std::string, ConvNonlinearSettings>> conv_nonlinear_presets();
ExperimentResult run_conv_nonlinear(const ConvNonlinearSettings& settings, const ExperimentContext& context);

}  // namespace memo::mem
