// MEM Thm 3: a wide random-feature ReLU autoencoder f(z) = W2 relu(W1 z + b) with W1, b i.i.d.
// N(0, 1) and only W2 trained by GD from 0 on one example x: the top Jacobian eigenvalue at x
// tends to ‖x‖²/(‖x‖² + 1) as the width k → ∞. At finite k the trained W2 is the minimum-norm
// readout and λ1 equals theory/wide_relu's exact finite-width formula; its spread over seeds
// is about 0.003–0.005 at k = 20,000, hence the tolerance 0.02 to the limit. The loss
// ½‖W2 φ − x‖² has curvature ‖φ‖²; the step 0.5/‖φ‖² converges geometrically. The norms share
// one direction (drawn first) and draw their W1, b in turn from the seed. MEM gives no width
// (the theorem is the limit): paper widens to 100,000 and adds ‖x‖ = 0.5 and 3.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::mem {

struct ReluWideSettings {
  int dim = 4, width = 20000;
  std::vector<double> norms{1.0};
  long max_epochs = 200;

  template <typename Field>
  void fields(Field&& field) {
    field("dim", dim, "dimension d", at_least(1));
    field("width", width, "hidden width k", at_least(1));
    field("norms", norms, "norms ‖x‖ of the example", positive());
    field("max_epochs", max_epochs, "GD steps on W2", at_least(1));
  }
};

std::vector<std::pair<std::string, ReluWideSettings>> relu_wide_presets();
// One comparison per norm, "‖x‖ = <norm>: λ1"; measured["runs"][i]: exact finite-width formula,
// the readout's distance from the minimum-norm readout, convergence.
ExperimentResult run_relu_wide(const ReluWideSettings& settings, const ExperimentContext& context);

}  // namespace memo::mem
