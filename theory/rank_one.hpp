// Rank-one single-example dynamics (AM Thm 1–4, App. B–E): the reduced gradient
// flow of a network trained on one unit-norm example x from a rank-one initialisation, and the
// top Jacobian eigenvalue it ends with. Pure math: no network is trained here.
#pragma once
#include <vector>
#include "lib/autodiff/activation.hpp"

namespace memo::rank_one {

struct Options {
  double residual_tol = 1e-10;  // stop the flow when |r| = |1 − f(x)·x| is below this
  double ode_tol = 1e-12;       // absolute and relative error per step of the Dormand–Prince integrator
  double max_time = 1e7;        // give up (Error) when the flow has not converged by this time
};

// One hidden layer, f(z) = A φ(B z), A = x (u·1_k)^T, B = (v·1_k) x^T.
struct Solution {
  double u = 0, v = 0;
  double lambda = 0;        // λ1 = e_φ(v) = v φ'(v)/φ(v) (AM Thm 2); all other eigenvalues are 0
  double flow_time = 0;     // gradient-flow time the ODE needed
  double polish_shift = 0;  // |v after Newton − v from the ODE|: how far the ODE was from exact
};

// Integrates u̇ = r φ(v), v̇ = r u φ'(v), r = 1 − k u φ(v) to find the branch the flow
// reaches, then polishes v with Newton on the two algebraic equations
//   k u φ(v) = 1   and   (u² − u0²)/2 = ∫_{v0}^{v} φ(z)/φ'(z) dz   (u eliminated by the first).
// Throws Error when k < 1, the flow does not converge, or the polish leaves the ODE's branch.
Solution solve(const Activation& act, int k, double u0, double v0, const Options& options = {});

// Deep chain f(z) = W_d φ(W_{d−1} ⋯ φ(W_1 z)) with W_1 = (b·1) x^T, W_i = w_i 1 (2 ≤ i ≤ d−1),
// W_d = x (a·1)^T and hidden widths k_1..k_{d−1} (AM App. C as corrected in theory/NOTES.md).
// params = (b, w_2, …, w_{d−1}, a): d scalars for d−1 hidden layers.
struct ChainSolution {
  std::vector<double> params;          // (b, w_2, …, w_{d−1}, a) where the flow stops
  std::vector<double> preactivations;  // p_1..p_{d−1} at x
  double lambda = 0;                   // ∏ e_φ(p_i)
  double flow_time = 0;
};

// Pre-activations p_i at x: p_1 = b, p_i = w_i k_{i−1} φ(p_{i−1}).
std::vector<double> chain_preactivations(const Activation& act, const std::vector<int>& widths,
                                         const std::vector<double>& params);
// f(x)·x = a k_{d−1} φ(p_{d−1}); the residual is r = 1 − this.
double chain_output(const Activation& act, const std::vector<int>& widths, const std::vector<double>& params);
// λ1 = ∏ e_φ(p_i) at the given parameters (meaningful once f(x) = x).
double chain_lambda(const Activation& act, const std::vector<int>& widths, const std::vector<double>& params);
// Integrates the per-entry gradient flow from `initial` until |r| < residual_tol.
ChainSolution solve_chain(const Activation& act, const std::vector<int>& widths,
                          const std::vector<double>& initial, const Options& options = {});

// AM Thm 4: maps f_i trained on x^(i) → x^(i+1) have J_{f_i}(x^(i)) = λ_i x^(i+1) x^(i)T, so the
// composition's Jacobian at x^(1) is (∏ λ_i) x^(n+1) x^(1)T, whose non-zero eigenvalue is
// (∏ λ_i)·⟨x^(1), x^(n+1)⟩. For a closed sequence (x^(n+1) = x^(1)) the cosine is 1.
double composition_lambda(const std::vector<double>& lambdas, double closing_cosine = 1);

// AM Cor. 1: u = 1/(k φ(v)) makes f(x) = x for any v; x is not an attractor when |e_φ(v)| > 1.
// Throws Error when φ(v) = 0 (no u interpolates) or |e_φ(v)| ≤ 1 (it would be an attractor).
double interpolating_u(const Activation& act, int k, double v);

}  // namespace memo::rank_one
