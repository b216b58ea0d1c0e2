// MEM §2, App. A and App. I.2: a single linear layer A (no bias) trained by GD on n < d
// Gaussian examples with the loss (1/2n)Σ‖Ax_i − x_i‖² until the loss stops changing.
// From A(0) = 0 it converges to the projector P = X X⁺ (rank n: the minimum-norm solution, no
// memorisation beyond the span); from A(0) ≠ 0 to P + A(0)(I − P), so the part of the
// initialisation orthogonal to the data is never removed. The step is lr = n/λmax(S): with
// γ = lr/n this is γ = 1/λmax(S), inside MEM's 0 < γ < 2/λmax(S). The two parts draw their data
// from seed and seed + 1. The limits are exact at any size, so quick and paper are the same.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::mem {

struct LinearSettings {
  int dim = 30, examples = 5;
  double init_std = 0.1;
  long max_epochs = 20000;

  template <typename Field>
  void fields(Field&& field) {
    field("dim", dim, "dimension d", at_least(2));
    field("examples", examples, "training examples n (n < d)", at_least(1));
    field("init_std", init_std, "standard deviation of the entries of A(0) in the second part", positive());
    field("max_epochs", max_epochs, "GD steps", at_least(1));
  }
};

std::vector<std::pair<std::string, LinearSettings>> linear_presets();
// Comparisons "from 0: rank of A" and "from A(0): ‖A − P‖_F"; measured: deviations from the
// closed-form limits, singular values of A, P, the noisy limit and its Weyl bound, and ranks.
ExperimentResult run_linear(const LinearSettings& settings, const ExperimentContext& context);

}  // namespace memo::mem
