// NTK eq. 6: the closed form of the 2-layer NTK Θ² for the erf-approximated sigmoid
// σ(z) ≈ ½(1 + erf(√π z/4)), against the quadrature kernel (a second algorithm) and the empirical
// NTK of a finite network, Θ̂(a, b) = (1/n0) Σ_d ⟨∂f_d(a)/∂θ, ∂f_d(b)/∂θ⟩ (its width → ∞ limit is
// Θ² I), at a fixed pair of radii √n0 and 2√n0 (pre-activation standard deviations 1 and 2),
// drawn once from seed 6 (they set the paper's value). For the 2-layer ntk network Θ̂ is a mean
// over the m hidden units of
//   c_j = σ(u_j(a)) σ(u_j(b)) + w̄_j σ'(u_j(a)) σ'(u_j(b)) a·b/n0,   u = W0 x/√n0,  w̄_j = (1/n0) Σ_d W1_dj²,
// so its sampling error is sd(c_j)/√m (central limit theorem), and the same mean computed unit by
// unit checks the tape gradients.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"
#include "lib/core/types.hpp"

namespace memo::ntk {

struct KernelEq6Settings {
  int n0 = 8, width = 4096;

  template <typename Field>
  void fields(Field&& field) {
    field("n0", n0, "input dimension", at_least(1));
    field("width", width, "hidden width of the empirical network", at_least(2));
  }
};

// The pair (x̂, x) of radii √n0 and 2√n0.
struct KernelPair {
  Vec xhat, x;
};
KernelPair eq6_pair(int n0);

std::vector<std::pair<std::string, KernelEq6Settings>> kernel_eq6_presets();
ExperimentResult run_kernel_eq6(const KernelEq6Settings& settings, const ExperimentContext& context);

}  // namespace memo::ntk
