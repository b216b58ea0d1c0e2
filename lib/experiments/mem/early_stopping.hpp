// MEM §5, Fig. 6: memorisation does not wait for the end of training. The downsampling net D1
// (App. G) with leaky ReLU, trained on 10 images (one per class), is inspected at checkpoints
// along training: iterating it from each training image reaches an attracting fixed point
// with ρ(J_f) ≪ 1 (a superattractor), one per image, long before the training loss is small.
//
// At each checkpoint: the MSE; the limits f^k(x_i) (k = trajectory_steps) of the training
// images; how many of them are distinct (closer than 1e-3 relative counts as one: an untrained
// D1 maps everything to one point, which is trivially a superattractor, so one distinct limit
// is no memory); the largest ρ(J_f) at those limits; and the largest relative distance
// ‖f^k(x_i) − x_i‖/‖x_i‖ (the "learned representation" the paper speaks of need not equal x_i).
// Substitutions and the layers: lib/experiments/mem/conv_nonlinear_d1.hpp (Fashion-MNIST for
// CIFAR-10, biases, Adam). Quick: 8×8, 8 filters, checkpoints up to 1000 steps; paper: 32×32,
// 64 filters, up to 10000 steps.
//
// Not reproduced at the size we could run. 8×8, 8 filters, checkpoints to 1500 steps, seed 0:
// distinct limits 1, 1, 1, 1, 2, 4, 8, 6 at steps 0, 25, 50, 100, 200, 400, 1000, 1500 (MSE
// 0.11 → 6e-4), max ρ(J_f) at the limits 5e-4 (the one limit of the untrained net) rising to
// 0.87–1.12 once there are several: never all 10 images with their own attractor, and no
// superattractor beyond the trivial one. The paper preset was not run (days of CPU time on 2
// cores, extrapolated from the quick run by pixels · filters² · steps).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::mem {

struct EarlyStoppingSettings {
  std::string dataset = "fashion-mnist";  // or "smooth"
  int size = 8, filters = 8, images = 10;
  std::vector<int> checkpoints = {0, 25, 50, 100, 200, 400, 1000};
  double lr = 1e-3;
  int trajectory_steps = 100;

  template <typename Field>
  void fields(Field&& field) {
    field("dataset", dataset, "fashion-mnist or smooth");
    field("size", size, "image side s: 32 (padded Fashion-MNIST) or 16, 8, 4 (pooled)", within(4, 32));
    field("filters", filters, "channels of the hidden layers", within(1, 256));
    field("images", images, "training images (paper: 10, one per class)", within(1, 1000));
    field("checkpoints", checkpoints, "Adam steps at which the net is inspected, increasing");
    field("lr", lr, "Adam learning rate", within(1e-8, 1.0));
    field("trajectory_steps", trajectory_steps, "applications of f from each training image", within(1, 100000));
  }
};

std::vector<std::pair<std::string, EarlyStoppingSettings>> early_stopping_presets();
ExperimentResult run_early_stopping(const EarlyStoppingSettings& settings, const ExperimentContext& context);

}  // namespace memo::mem
