// ϕ-span (MEM Thm 1 and Corollary). A single layer φ(A x) trained by GD from A(0) = 0
// on data X (d×n, n < d, full column rank, entries in range(φ)) keeps A = C X^T, and the unique
// zero-loss matrix of that form is A(∞) = φ^{-1}(X) (X^T X)^{-1} X^T = φ^{-1}(X) X^+ (rank n).
// Its image φ(A(∞) y) lies in ϕ-span(X) = {φ(v) : v ∈ span φ^{-1}(X)} for every y.
#pragma once
#include "lib/autodiff/activation.hpp"

namespace memo::phi_span {

// φ^{-1}(y). Throws Error when φ is not invertible (relu, even powers, swish, cosid, sinusoid)
// or y is outside range(φ), naming the value and the range.
double inverse_activation(const Activation& act, double y);
Mat inverse_activation(const Activation& act, const Mat& Y);

// A(∞) = φ^{-1}(X) X^+. Throws when n ≥ d, X is rank deficient (relative tolerance
// rank_tol on its singular values) or an entry of X is outside range(φ).
Mat solution(const Activation& act, const Mat& X, double rank_tol = 1e-10);

// φ(A y) for every column y of Y: the point of ϕ-span(X) the trained layer maps y to.
Mat image(const Activation& act, const Mat& A, const Mat& Y);

// Largest distance of φ^{-1}(z) from span φ^{-1}(X) over the columns z of Z: zero exactly when
// every column of Z is in ϕ-span(X).
double distance_from_phi_span(const Activation& act, const Mat& X, const Mat& Z);

}  // namespace memo::phi_span
