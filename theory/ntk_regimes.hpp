// Closed-form predictions of NTK §4.3–4.4 for 2-layer networks trained on n ≤ n0 examples of
// equal norm r: the linear region (Lemmas 2–4), where J∞ keeps eigenvalue 1, and
// the large-radius limit, where ‖J∞‖ → ½.
#pragma once

namespace memo::ntk {

// Lemmas 3–4: σ = αz gives eigenvalue 1 of J∞ with multiplicity n; σ = αz + β (β ≠ 0, equal
// norms) multiplicity n − 1. Both are exact for any interpolating network, since
// f(x_i) = x_i makes J fix span{x_i} (β = 0) or span{x_i − x_j} (β ≠ 0).
int unit_eigenvalue_multiplicity(double beta, int n);
// The same as the fraction of all n0 eigenvalues: (n − 1)/n0 for the sigmoid (Fig. E.1).
double unit_eigenvalue_fraction(double beta, int n, int n0);

// Lemma 4's sufficient condition for 1 to be the largest eigenvalue modulus:
//   ‖W1 1/√n1‖ < β n0 Δ / (2 r α²),  ‖J0‖_op = 1 − Δ.
bool lemma4_condition(double alpha, double beta, double J0_norm, double w1_row_sum_norm, double r, int n0);
// For the sigmoid (α = ¼, β = ½, ‖J0‖ ≈ ½, ‖W1 1/√n1‖ ≈ √n0) the condition reads r < 2√n0.
double linear_region_radius(int n0);

// Large r (eq. 7, 9): K̃_ii ≈ r/(4π√n0), ‖∂k_x/∂x‖ at x = x_i ≈ 1/(8π√n0), hence
// ‖J∞‖ ≲ r · (4π√n0/r) · 1/(8π√n0) + ‖J0‖ = ½ + ‖J0‖ → ½ as J0 saturates.
double large_radius_kernel_diagonal(double r, int n0);
double large_radius_kernel_gradient_norm(int n0);
double large_radius_jacobian_bound(double J0_norm);

}  // namespace memo::ntk
