// The minimum-norm linear autoencoder (MEM §2, App. A, I.2). Loss ½ Σ‖A x_i − x_i‖²,
// gradient (A − I) S with S = X X^T; gradient descent with step γ gives, from any A(0),
//   A(t) = A(0)(I − γS)^t + I − (I − γS)^t,
// and for 0 < γ < 2/λmax(S) the limit A(∞) = P + A(0)(I − P), P = X X^+ the orthogonal
// projector onto span(X): the part of A(0) orthogonal to the data is never removed.
#pragma once
#include "lib/core/types.hpp"

namespace memo::min_norm {

// P = X X^+ (d×d). Rank decided by the SVD with Eigen's default threshold.
Mat projector(const Mat& X);
// A(t) after `steps` GD steps of size γ from A(0) (exact, through the eigenvectors of S).
Mat at_step(const Mat& X, const Mat& A0, double gamma, long steps);
// A(∞) = P + A(0)(I − P).
Mat limit(const Mat& X, const Mat& A0);
// 2/λmax(S): GD converges for 0 < γ below this.
double max_stable_rate(const Mat& X);
// Weyl: σ_i(A(∞)) ≤ σ_i(P) + ‖A(0)(I − P)‖_op, for every i (decreasing order).
Vec weyl_upper_bound(const Mat& X, const Mat& A0);

// Number of singular values above tol·σ_max (the "rank" the calculator prints).
int numerical_rank(const Vec& singular_values, double relative_tol);

}  // namespace memo::min_norm
