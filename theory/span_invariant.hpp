// AM App. D, Invariant 5: if A0 = Σ x_i a_i^T and B0 = Σ b_i x_i^T, gradient descent
// on the autoencoding loss keeps that form (every gradient of A is Σ (x_i − f(x_i)) φ(B x_i)^T
// and, once A's columns lie in span(X), so does each residual), hence f(z) ∈ span{x_i} for
// every input z.
#pragma once
#include "lib/nn/mlp.hpp"

namespace memo {

// A one-hidden-layer network f(z) = A φ(B z) without biases, A = X C_a (d×k), B = C_b X^T (k×d),
// with C_a (n×k) and C_b (k×n) i.i.d. N(0, stddev²).
Mlp span_shaped_network(const Mat& X, const Activation& act, int k, Rng& rng, double stddev = 1);

// Largest distance of a column of Y from span(X) (columns of both are points in R^d).
double distance_from_span(const Mat& X, const Mat& Y);

}  // namespace memo
