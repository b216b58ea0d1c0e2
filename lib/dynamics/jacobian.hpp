// Jacobians J_f(x) (d_out × d_in) of maps built on the tape, and the closed form for MLPs.
#pragma once
#include <functional>
#include <vector>
#include "lib/nn/mlp.hpp"
#include "lib/autodiff/tape.hpp"

namespace memo {

// A map recorded on the tape: columns of X in, columns of f(X) out, column by column
// (no mixing between examples — true of every network here).
using TapeMap = std::function<Var(Tape&, Var X)>;

// Batched reverse mode: the point is replicated d_out times and the output gradient seeded
// with the identity, so one forward and one backward pass give all rows of J.
Mat jacobian(const TapeMap& f, const Vec& x, int output_dim);

// Closed form for an MLP: J = W_L D_{L−1} W_{L−1} ⋯ D_1 W_1 (D_l = diag φ'(z_l)), with the
// 1/√fan_in factors of the ntk parametrisation.
Mat jacobian(const Mlp& net, const Vec& x);
// The same closed form split after the first hidden layer: J = A B with B = D_1 W_1 (w × d_in)
// and A = W_L D_{L−1} W_{L−1} ⋯ D_2 W_2 (d_out × w), w the first hidden width. When w < d the
// spectrum of J comes from w × w problems (spectrum_of_product in lib/dynamics/spectra.hpp),
// and A costs a product of w columns per layer where J costs d. Needs a hidden layer.
struct FactoredJacobian {
  Mat A;  // (d_out, w)
  Mat B;  // (w, d_in)
};
FactoredJacobian factored_jacobian(const Mlp& net, const Vec& x);

// ∂f_output(x)/∂θ over every parameter θ, flattened in parameters() order (weights column by
// column): one backward pass. Inner products of these give the empirical NTK.
// Resets the parameters' .grad.
Vec parameter_gradient(Mlp& net, const Vec& x, int output);

// J at every column of X, the columns side by side (parallel_runs).
std::vector<Mat> jacobians(const Mlp& net, const Mat& X);

}  // namespace memo
