// Real networks in the rank-one forms of AM Thm 1–4, as Mlp weights: the starting points of the
// simulations that check theory/rank_one.hpp, and AM Cor. 1's interpolating non-attractor.
#pragma once
#include <vector>
#include "lib/nn/mlp.hpp"

namespace memo::rank_one {

// f(z) = W_d φ(W_{d−1} ⋯ φ(W_1 z)) without biases, with W_1 = (b·1) x_in^T,
// W_i = w_i 1 (2 ≤ i ≤ d−1), W_d = x_out (a·1)^T; params = (b, w_2, …, w_{d−1}, a) and
// hidden_widths = k_1..k_{d−1}. x_in = x_out autoencodes; x_in → x_out is one map of a
// sequence (AM Thm 3–4). x_in and x_out must have unit norm (the reduced flow assumes it).
Mlp chain_network(const Vec& x_in, const Vec& x_out, const Activation& act, const std::vector<int>& hidden_widths,
                  const std::vector<double>& params);

// AM Cor. 1: the one-hidden-layer network with B = (v·1) x^T and A = x (u·1)^T,
// u = 1/(kφ(v)). It maps x to itself, and its Jacobian at x is e_φ(v) x x^T, so for
// |e_φ(v)| > 1 iteration from near x moves away. Throws as interpolating_u does.
Mlp interpolating_non_attractor(const Vec& x, const Activation& act, int k, double v);

}  // namespace memo::rank_one
