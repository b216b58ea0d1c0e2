// MEM Fig. 2: a fully connected autoencoder trained on 100 points of the Swiss roll is
// contractive towards them: iterating it from 1000 uniformly spaced starts (a 10 × 10 × 10
// grid over the box of the data) brings most trajectories onto training points. Four 3-D
// panels show the starts after 0, 11, 111 and 1111 iterations.
//
// Paper: 10 layers of 512 units, trained "to convergence". MEM names no activation or
// optimizer for this figure: leaky ReLU, Adam with lr 1e-4 until MSE < 1e-6 (see
// fc_autoencoder.hpp). The data (scikit-learn's make_swiss_roll, noise 0) are divided by their
// largest absolute coordinate so that they lie in [−1, 1]³; distances below are in those units.
// A start "reaches" a training point when, after the last snapshot, it lies within
// --reach-distance of one (the trained network's fixed point sits about ‖f(x_i) − x_i‖/(1 − ρ)
// from x_i, so an exact match cannot be asked for). quick keeps the paper's data, starts and
// iterations and shrinks the network to 10 layers of 128 units; paper is 10 × 512.
//
// Not met (seed 0): the paper's network (10 × 512) stores only 26 of the 100 points as
// attractors (ρ(J) < 1) and 29% of the starts reach a training point after 1111 iterations
// (quick, 10 × 128: 24 points, 27%); the other trajectories stop at fixed points next to the
// roll (median distance 0.036). MEM's "most" is not reproduced with these training choices.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"
#include "lib/experiments/mem/fc_autoencoder.hpp"

namespace memo::mem {

struct SwissRollSettings {
  FcNetworkSettings net{.depth = 10, .width = 128};
  int points = 100, grid = 10;
  std::vector<int> snapshots{0, 11, 111, 1111};
  double reach_distance = 0.02;

  template <typename Field>
  void fields(Field&& field) {
    field("points", points, "training points on the Swiss roll", within(1, 100000));
    net.fields(field);
    field("grid", grid, "starts per axis of the grid over the box of the data", within(2, 100));
    field("snapshots", snapshots, "iterations after which the starts are drawn (ascending)", within(0, 1e6));
    field("reach_distance", reach_distance, "a start reached a training point when this close after the last snapshot",
          positive());
  }
};

std::vector<std::pair<std::string, SwissRollSettings>> swissroll_presets();
// Comparisons "starts that reach a training point", "training points with ρ(J) < 1" and
// training convergence; measured: share reached per snapshot, spectral radii, training.
ExperimentResult run_swissroll(const SwissRollSettings& settings, const ExperimentContext& context);

}  // namespace memo::mem
