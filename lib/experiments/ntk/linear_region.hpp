// NTK Lemma 4 and Fig. E.1: in the linear region (r < 2√n0) a 2-layer sigmoid autoencoder trained
// on n < n0 points has n − 1 eigenvalues of modulus ≈ 1 at every training point, so a share
// (n − 1)/n0 of all moduli sits at 1 (Fig. E.1: 10%, 40%, 70% for n = 2, 5, 8 at n0 = 10, r = 1,
// width 1000). "Near 1" means |λ| > `threshold`: ¾ is halfway between 1 and the ≈ ½ that the
// directions training leaves alone keep (‖J0‖ ≈ ½, §4.1); the sigmoid's curvature moves the unit
// eigenvalues by about E[z²]/4 = r²/(4 n0) = 2.5% (σ'(z)/σ'(0) = 1 − z²/4 + …), far less than ¼.
// Each network is also checked against Lemma 4's sufficient condition (α = ¼, β = ½).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::ntk {

struct LinearRegionSettings {
  int n0 = 10, width = 1000, repetitions = 1;
  std::vector<int> sizes{2, 5, 8};
  double radius = 1, threshold = 0.75, tol = 1e-7;
  long max_epochs = 1000000;
  static constexpr bool sweeps = true;  // sizes × repetitions, on the sweep runner

  template <typename Field>
  void fields(Field&& field) {
    field("n0", n0, "input dimension", at_least(2));
    field("width", width, "hidden width", at_least(1));
    field("sizes", sizes, "numbers of training points n", at_least(1));
    field("radius", radius, "norm of every training point", positive());
    field("threshold", threshold, "|λ| above this counts as near 1", within(0, 1));
    field("repetitions", repetitions, "independent data sets and networks per n (NTK §5.1: 100)", at_least(1));
    field("tol", tol, "train until the loss is below this", positive());
    field("max_epochs", max_epochs, "GD step limit", at_least(1));
  }
};

std::vector<std::pair<std::string, LinearRegionSettings>> linear_region_presets();
ExperimentResult run_linear_region(const LinearRegionSettings& settings, const ExperimentContext& context);

}  // namespace memo::ntk
