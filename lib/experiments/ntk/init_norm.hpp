// NTK §4.1 (Prop. 2, eq. 4): the operator norm of the Jacobian at initialisation, at x = 0, of wide
// sigmoid autoencoders with L layers. At L = 2, J0(0) = ¼ W1 W0/√(n0 n1) ≈ ¼ G/√n0 with G an
// n0 × n0 standard Gaussian matrix, whose largest singular value approaches 2√n0: ‖J0‖ → ½.
// Each further layer multiplies E[ẑ²] by E[σ'(a)²] ≤ 1/16 (Prop. 2), so ‖J0‖ falls at least 4×
// per layer. Hidden layers all have `width` units.
//
// Finite n0: the largest singular value sits below the edge. Johnstone (2001) centring and
// Tracy–Widom TW1 (mean −1.2065, sd 1.2680) give s_max(G)/√n0 ≈ 2√(1 − 1/(2n0)) + 2^{−2/3} n0^{−2/3} TW1;
// at L > 2 the wide-limit J0 is again a Gaussian matrix, with entries of variance ‖J0‖²/(4 n0) for
// Prop. 2's ‖J0‖, so the same correction scales with the predicted norm.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::ntk {

struct InitNormSettings {
  int n0 = 64, width = 4096, repetitions = 16;
  static constexpr bool sweeps = true;
  std::vector<int> depths{2, 3};

  template <typename Field>
  void fields(Field&& field) {
    field("n0", n0, "input dimension", at_least(2));
    field("width", width, "width of every hidden layer", at_least(1));
    field("depths", depths, "numbers of layers L (weight matrices)", at_least(2));
    field("repetitions", repetitions, "networks per depth (NTK §5.1: 100)", at_least(2));
  }
};

std::vector<std::pair<std::string, InitNormSettings>> init_norm_presets();
ExperimentResult run_init_norm(const InitNormSettings& settings, const ExperimentContext& context);

}  // namespace memo::ntk
