// NTK §4.2: one training example and deeper sigmoid networks. The sigmoid is in the ordered
// region (χ1 = E[σ'(√q* z)²] ≤ 1/16 since σ' ≤ ¼), so Θ^L tends to a constant kernel and
// ∂_xΘ^L(x1, x)|_{x1} → 0 with depth while Θ^L(x1, x1) ≥ ¼ (Lemma 5): the rank-one update
// J∞ − J0 = (x1 − f0(x1)) ∂_xΘ^Lᵀ/Θ^L(x1, x1) of eq. 2 vanishes and the trained Jacobian stays
// at its initial value. Trained networks of L = 2 … 5 weight matrices (the runs of
// lib/experiments/ntk/single_example.hpp) measure ‖J − J0‖_op at x1 against each network's kernel
// prediction ‖J∞ − J0‖_op and the infinite-width rms size sqrt(r² + n0Σ^L)·‖∂_xΘ^L‖/Θ^L; Θ^L(x1, x1)
// and Σ̇^L(x1, x1) (the last layer's χ) come from the kernel, the empirical NTK at x1 from each
// network at initialisation. The paper shows this section by Fig. 2 only (L ≤ 4); L = 5 and the
// radii are the preset's choice.
//
// Measured (quick preset, seed 0, width 1000): ‖J − J0‖_op falls from each depth to the next
// (L = 5 / L = 2 = 0.009 at r = 1, 0.006 at r = 8), but from L = 4 on the trained update is 4–16×
// its infinite-width size (0.0041 against 0.0010 at L = 4, mean over r): the finite-width part,
// O(1/√m), then dominates the vanishing kernel part. The comparison per depth allows 2/√width.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/ntk/single_example.hpp"

namespace memo::ntk {

std::vector<std::pair<std::string, SingleExampleSettings>> depth_presets();
ExperimentResult run_depth(const SingleExampleSettings& settings, const ExperimentContext& context);

}  // namespace memo::ntk
