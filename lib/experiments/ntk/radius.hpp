// NTK Fig. 3 and eq. 2–3: the largest eigenvalue modulus ρ(J) of trained 2-layer sigmoid
// autoencoders at their training points, against the input radius r, for several widths, next to
// the kernel-regression prediction ρ(J∞) (eq. 3, from each network's own f0 and J0) and the
// large-radius limit ½ (§4.4: ‖J∞‖ ≤ ½ + ‖J0‖).
//
// For each radius: `repetitions` data sets of `points` points drawn uniformly on the sphere of
// radius r in R^n0, each trained at every width (GD lr 1 to loss `tol`, NTK §5.1). As in NTK §5.3,
// a run that does not reach the loss within `max_epochs` is left out (and counted). Compared:
//  - the kernel prediction: √m·mean|ρ − ρ(J∞)| at the widest width at most 2× its value at the
//    narrowest (the O(1/√m) rate of the NTK regime, see autoencoder.hpp; widths narrowest first);
//  - at large r, r ≥ large_radius_factor·√n0: ‖J‖_op ≤ ½ + ‖J0‖ at every trained point (§4.4; the
//    derivation needs r² ≫ 2n0, so it is not checked just past the linear-region edge 2√n0: at
//    n0 = 32, r = 16 = 2.8√n0, a width-8000 network was measured above the bound).
// The paper prints neither the radii nor the widths of Fig. 3 (only "various hidden
// dimensions"); the presets choose them.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"
#include "theory/ntk_kernel.hpp"

namespace memo::ntk {

struct RadiusSettings {
  int n0 = 32, points = 5, repetitions = 1, nodes = kDefaultNodes;
  std::vector<double> radii{4, 8, 16, 32};
  std::vector<int> widths{1000, 4000, 16000};
  double tol = 1e-7, large_radius_factor = 4;
  long max_epochs = 100000;
  // Seed indices: data set k from run_seed(s, seed_stream + k), its network at width index w from
  // run_seed(s, seed_stream + 100 + k·widths + w), where s is the seed for the first radius and
  // derived from it for the others. Two experiments at one --seed draw apart with different streams.
  int seed_stream = 400;
  static constexpr bool sweeps = true;  // points (radius, width) × data sets, on the sweep runner

  template <typename Field>
  void fields(Field&& field) {
    field("n0", n0, "input dimension", at_least(1));
    field("points", points, "training points per data set", at_least(1));
    field("radii", radii, "input radii r (norm of every training point)", positive());
    field("widths", widths, "hidden widths, narrowest first", at_least(1));
    field("repetitions", repetitions, "data sets per radius (NTK §5.1: 100)", within(1, 100));
    field("tol", tol, "train until the loss is below this", positive());
    field("max_epochs", max_epochs, "GD step limit", at_least(1));
    field("large_radius_factor", large_radius_factor, "§4.4's bound is checked from r = this·√n0", positive());
    field("nodes", nodes, "quadrature nodes of the kernel", at_least(8));
    field("seed_stream", seed_stream, "first seed index (see lib/experiments/ntk/radius.hpp)", at_least(0));
  }
};

std::vector<std::pair<std::string, RadiusSettings>> radius_presets();
ExperimentResult run_radius(const RadiusSettings& settings, const ExperimentContext& context);

}  // namespace memo::ntk
