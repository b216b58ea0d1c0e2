// The input–output Jacobian J0(x) of an L-layer network at initialisation (NTK §4.1,
// Prop. 2), in the limit of wide hidden layers with n0 fixed.
//
// The last weight matrix is independent of everything before it, so the rows of J0(x) are
// i.i.d. N(0, M(x)), where zᵀ M z = E[(J0 z)_i²] follows Prop. 2's recursion for
// ẑ^{ℓ} = σ'(a) b. By rotation symmetry about x, M = τ⊥ (I − uuᵀ) + τ∥ uuᵀ, u = x/‖x‖. Hence
// J0 ≈ G M^{1/2} with G an n0 × n0 standard Gaussian matrix, and for large n0:
//   ‖J0‖_op ≈ 2 √(n0 τ⊥) (edge of the Marchenko–Pastur law with ratio 1), or the BBP outlier
//             √(n0 τ⊥ ℓ (1 + 1/(ℓ − 1))) when ℓ = τ∥/τ⊥ > 2;
//   ρ(J0)   ≈ √(tr M) = √((n0 − 1) τ⊥ + τ∥) (outer radius of the circular/single-ring law).
// At x = 0 a 2-layer sigmoid network has τ⊥ = τ∥ = σ'(0)²/n0 = 1/(16 n0):
// J0 = ¼ W1 W0/√(n0 n1), ‖J0‖ → ½ and ρ(J0) → ¼.
#pragma once
#include "theory/ntk_kernel.hpp"

namespace memo::ntk {

// E[(J0(x) z)_i²] for a direction z (any norm), Prop. 2 with 1-D Gauss–Hermite quadrature.
double jacobian_row_variance(const Kernel& kernel, const Vec& x, const Vec& z);

struct InitialJacobianPrediction {
  double tau_perpendicular = 0;  // zᵀMz for a unit z ⊥ x
  double tau_parallel = 0;       // zᵀMz for z = x/‖x‖
  double operator_norm = 0;      // large-n0 prediction of ‖J0(x)‖_op
  double spectral_radius = 0;    // large-n0 prediction of ρ(J0(x))
};
InitialJacobianPrediction predict_initial_jacobian(const Kernel& kernel, const Vec& x);

}  // namespace memo::ntk
