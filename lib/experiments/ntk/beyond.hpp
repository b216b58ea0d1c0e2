// NTK §4.5 ("Beyond NTK"): at a fixed width, growing the input radius r takes training out of
// the NTK regime. 2-layer sigmoid autoencoders n0 = 32 → width → 32 (NTK parametrisation,
// W ~ N(0, 1), no bias) on 5 examples on the sphere of radius r, trained as in NTK §5.1 (GD lr 1
// on (1/2n)Σ‖f(x_i) − x_i‖² to loss 1e-7). Reported per radius, beside the kernel prediction
// ρ(J∞) of NTK eq. 3 (which tends to ½ + ‖J0‖, §4.4):
//  - the largest |λ| and the mean |λ| of the trained J at the examples: far past the NTK regime
//    they collapse toward 0, below the kernel's prediction, as §4.5 says;
//  - the share of saturated hidden units, |pre-activation| > `saturation` (σ' < 0.7% of
//    σ'(0) at 5), at initialisation and after training. At initialisation a pre-activation is
//    exactly N(0, r²/n0) for any ‖x‖ = r, so its expected share is erfc(t√n0 / (r√2)): compared;
//  - how far the weights moved: ‖W − W(0)‖_F / ‖W(0)‖_F per layer (NTK regime: → 0 with width).
// Substitutions: §4.5 shows this on Fig. 3's runs without giving a width or radii: the presets
// choose them (quick width 500, paper width 1000 with 100 repetitions).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"
#include "theory/ntk_kernel.hpp"

namespace memo::ntk {

struct BeyondSettings {
  int n0 = 32, points = 5, width = 500, repetitions = 3, nodes = kDefaultNodes;
  std::vector<double> radii{4, 16, 64, 256};
  double tol = 1e-7, saturation = 5;
  long max_epochs = 20000;
  static constexpr bool sweeps = true;

  template <typename Field>
  void fields(Field&& field) {
    field("n0", n0, "input dimension", at_least(1));
    field("points", points, "training examples", at_least(1));
    field("width", width, "hidden width (fixed)", at_least(1));
    field("radii", radii, "input radii r, increasing", positive());
    field("repetitions", repetitions, "networks per radius (NTK §5.1: 100)", at_least(1));
    field("tol", tol, "train until the loss is below this", positive());
    field("max_epochs", max_epochs, "GD step limit", at_least(1));
    field("saturation", saturation, "a hidden unit is saturated at |pre-activation| above this", positive());
    field("nodes", nodes, "quadrature nodes of the kernel", at_least(8));
  }
};

// The expected share of units with |z| > t when z ~ N(0, r²/n0): erfc(t√n0 / (r√2)).
double expected_saturated_share(double radius, int n0, double threshold);

std::vector<std::pair<std::string, BeyondSettings>> beyond_presets();
ExperimentResult run_beyond(const BeyondSettings& settings, const ExperimentContext& context);

}  // namespace memo::ntk
