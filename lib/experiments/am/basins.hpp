// AM Fig. 3: an overparameterized autoencoder trained on 6 points in the plane stores them as
// attractors; iterating it from every point of a grid shows their basins (coloured by the
// limit), the vector field f(x) − x, no spurious attractors, and basins that are not the
// Voronoi cells of the training points (the network's metric is not Euclidean).
//
// Paper: depth 30 (hidden layers), width 512, cosid, Adam lr 1e-4 until MSE < 1e-8, 10,000
// grid points. The 6 points of Fig. 3 are not given: we draw 6 points uniformly in [−1, 1]²
// (at least 0.3 apart) from the seed. quick keeps the paper's network and shrinks the grid to
// 30×30: smaller networks do not show the effect — measured with seed 0, depth 8 × width 128,
// depth 10 × 256 and depth 30 × 256 store only 3 of the 6 points as attractors, depth 16 × 256
// and 20 × 512 store 4, depth 30 × 512 all 6 (AM Fig. 5: attraction needs depth and width).
//
// Matching limits to examples: AM's rule is ‖f^k(x) − x_i‖ < 1e-7, but a network trained to
// MSE 1e-8 has its fixed point near x_i about ‖f(x_i) − x_i‖/(1 − ρ) ~ 1e-4 away, so no
// trajectory could ever match. We therefore first find the fixed point x_i* next to each x_i by
// Newton's method (reported as "fixed-point offset") and match grid limits to x_i* with 1e-7,
// after polishing each distinct limit by Newton as well: AM's stopping rule leaves an orbit up to
// 1e-8·ρ/(1 − ρ) from its fixed point, i.e. 3e-6 when ρ = 0.997, which 1e-7 would call spurious.
//
// The outcome depends on training's last bits (another build's kernels stored 5 of 6 at the
// same seed): run several seeds with --runs to see the spread. One run draws its basins; --runs
// N > 1 is a sweep of N repetitions (one row of counts each, resumable, over --threads, MPI
// ranks or --shard), compared by its worst run, with the spread drawn.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::am {

struct BasinsSettings {
  int points = 6, depth = 30, width = 512, grid = 30, max_iterations = 5000, runs = 1;
  long max_epochs = 50000;
  double lr = 1e-4, tol = 1e-8, extent = 1.5, min_separation = 0.3;
  std::string act = "cosid";
  static constexpr bool sweeps = true;

  template <typename Field>
  void fields(Field&& field) {
    field("points", points, "training points in [−1, 1]²", within(1, 1000));
    field("depth", depth, "hidden layers", at_least(1));
    field("width", width, "hidden width", at_least(1));
    field("act", act, "activation");
    field("lr", lr, "Adam learning rate", positive());
    field("tol", tol, "train until the MSE is below this", positive());
    field("max_epochs", max_epochs, "training epoch limit", at_least(1));
    field("grid", grid, "grid points per side", at_least(2));
    field("extent", extent, "the grid covers [−e, e]²", positive());
    field("max_iterations", max_iterations, "iteration limit per grid point", at_least(1));
    field("min_separation", min_separation, "least distance between two training points", at_least(0));
    field("runs", runs, "independent repetitions (seeds derived from --seed)", at_least(1));
  }
};

std::vector<std::pair<std::string, BasinsSettings>> basins_presets();
ExperimentResult run_basins(const BasinsSettings& settings, const ExperimentContext& context);

}  // namespace memo::am
