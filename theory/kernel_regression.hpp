// The trained autoencoder in the kernel-regression (NTK) limit, NTK eq. 2–3:
//   f∞(x) = (X − f0(X)) K̃⁻¹ k_x + f0(x),   J∞(x) = (X − f0(X)) K̃⁻¹ ∂k_x/∂x + J0(x),
// K̃_ij = Θ(x_i, x_j), (k_x)_i = Θ(x_i, x). Gradient flow (or GD with a small enough step) on
// the squared loss of the linearised network converges to this interpolant whatever the
// loss's scaling. Given a finite network's f0 and J0 (computed by the caller from its
// initial weights), it predicts that network's trained function and Jacobian.
#pragma once
#include "theory/ntk_kernel.hpp"

namespace memo::ntk {

struct KernelRegression {
  Kernel kernel;
  Mat X;             // (n0, n) training inputs
  Mat coefficients;  // (X − f0(X)) K̃⁻¹, (n0, n)
};

// Throws when the shapes disagree or K̃ is not positive definite (repeated training points).
KernelRegression fit_kernel_regression(const Kernel& kernel, const Mat& X, const Mat& f0_X);

Vec predicted_output(const KernelRegression& fit, const Vec& x, const Vec& f0_x);    // f∞(x)
Mat predicted_jacobian(const KernelRegression& fit, const Vec& x, const Mat& J0_x);  // J∞(x)

}  // namespace memo::ntk
