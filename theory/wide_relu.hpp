// Wide random-feature ReLU autoencoder (MEM Thm 3, App. C): f(x) = W2 relu(W1 x + b)
// with W1, b fixed (i.i.d. zero mean, the same variance) and W2 trained by GD from zero, which
// converges to the minimum-norm readout W2 = X Φ^+, Φ = relu(W1 X + b 1^T).
#pragma once
#include "lib/core/types.hpp"

namespace memo::wide_relu {

// Φ = relu(W1 X + b 1^T)   W1 (k,d)  b (k,1)  X (d,n)  ->  (k,n)
Mat features(const Mat& W1, const Vec& b, const Mat& X);
// W2 = X Φ^+ (d×k): what GD from W2(0) = 0 converges to. Throws when Φ has dependent columns.
Mat min_norm_readout(const Mat& W1, const Vec& b, const Mat& X);
// One example: J_f(x) = x relu(u)^T D W1/‖relu(u)‖², u = W1 x + b, has rank one and
// λ1 = Σ_j relu(u_j) 1[u_j > 0] (W1 x)_j / ‖relu(u)‖².
double lambda(const Mat& W1, const Vec& b, const Vec& x);
// k → ∞ limit of λ1: ‖x‖²/(‖x‖² + 1) (regression of (W1 x)_j on u_j over the active half).
double lambda_limit(double norm);

}  // namespace memo::wide_relu
