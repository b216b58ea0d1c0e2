// Linear convolutional autoencoders as matrices (MEM §4, App. D–F).
//
// Every conv or upsampling layer is a linear map on vectorised images (layout of
// lib/conv.hpp), so a linear conv net is the product M = C_L ⋯ C_1 (with I added around each
// residual block). Memorising the training images X means M = X X^+ (for one image
// x x^T/‖x‖²); the spectrum in MEM's tables is |eig(M)| sorted.
#pragma once
#include "lib/autodiff/conv.hpp"
#include "lib/nn/conv_net.hpp"

namespace memo::conv_theory {

// The exact (C_out·H_out·W_out) × (C_in·H·W) matrix of a conv layer, built entry by entry
// from the definition (independently of the im2col kernel): M · vec(x) = conv(W, x).
Mat conv_matrix(const Mat& weight, const ConvShape& shape);
// The (C·sH·sW) × (C·H·W) 0/1 matrix of nearest-neighbour upsampling.
Mat upsample_matrix(const UpsampleShape& shape);

// The end-to-end matrix of a network without activations: layer matrices multiplied in order,
// h ↦ (block) + h around every residual block. Biases are left out, so for a net with biases
// this is the linear part (its Jacobian). Throws Error if an activated layer has a non-identity
// activation.
Mat linear_operator(const ConvNet& net);

// |λ_i(M)|, decreasing (general eigensolver: M is not symmetric).
Vec spectrum_moduli(const Mat& M);

// The memorising operator: orthogonal projection onto the span of the columns of X
// (x x^T/‖x‖² for one image; MEM Lemma 4).
Mat projection_onto_span(const Mat& X);

// Support of the product of `layers` single-channel kernel-k (padding (k−1)/2, stride 1)
// conv matrices on s×s images, computed as a boolean matrix product: 1 where an entry can be
// nonzero, 0 where it is forced to zero whatever the filters (MEM App. E, Thm 5). Any number of
// channels in between gives the same pattern (block products have the same support).
Mat structural_support(int image_size, int layers, int kernel = 3);
// Closed form for the number of forced zeros: (p, q) is forced to zero iff their Chebyshev
// distance exceeds r·layers, r = (k−1)/2, so the count is s⁴ − N₁², N₁ = #{(a,b) ∈ [0,s)² : |a−b| ≤ r·L}.
long forced_zero_count(int image_size, int layers, int kernel = 3);
// Thm 5: the fewest kernel-3 layers that leave no forced zero, s − 1 (0 for s = 1).
int min_memorization_depth(int image_size);
// App. F heuristic: ⌈s⁴/9⌉ single-filter kernel-3 layers have as many parameters as a dense
// s² × s² matrix.
long heuristic_depth(int image_size);
// ‖P restricted to the forced zeros of an L-layer net‖_F: a lower bound on ‖M − P‖_F for every
// L-layer kernel-3 linear conv net M (P = projection_onto_span(X)); positive means the net
// cannot memorise X (Lemma 4, Corollary).
double forced_zero_distance(const Mat& X, int image_size, int layers);

// Thm 4: one kernel-k filter (padding (k−1)/2) trained by GD from zero on one s×s image x
// converges to the minimum-norm least-squares filter w* = A^+ x, where column j of A is
// (tap j's shift matrix)·x (MEM App. D). Returns w* as a (1, k²) weight.
Mat min_norm_single_filter(const Vec& x, int image_size, int kernel = 3);

}  // namespace memo::conv_theory
