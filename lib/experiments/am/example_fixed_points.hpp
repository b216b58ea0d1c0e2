// The fixed point x_i* a trained autoencoder has next to each training example x_i, where AM's
// attractor test ρ(J(x_i*)) < 1 (Prop. 1) is made: a network trained to MSE 1e-5 or 1e-8 has
// f(x_i) ≠ x_i, so x_i itself is no fixed point. For a sequence encoder the same is done for
// g = f^L at each sequence's first image (Prop. 2: a stable cycle is an attracting fixed point of
// f^L, with J_g the chain product along the cycle).
#pragma once
#include <vector>

#include "lib/dynamics/dynamical_map.hpp"
#include "lib/dynamics/iteration.hpp"

namespace memo::am {

struct ExampleFixedPoints {
  Mat points;               // x_i*, or x_i where none was found
  std::vector<bool> found;  // false: no fixed point next to x_i (then not an attractor)
  int newton_failures = 0;  // examples where Newton failed and iteration was tried instead
  int missing() const;
};

// Newton's method (with backtracking) from each x_i; where it fails, iteration of
// f from x_i, accepted when the limit is nearer x_i than half the distance to any other example.
ExampleFixedPoints example_fixed_points(const DynamicalMap& f, const Mat& X, const IterationCriterion& criterion);

// g = f^L: applied by L applications of f, its Jacobian by the chain product (AM Prop. 2).
// `f` must outlive the map.
DynamicalMap power_map(const DynamicalMap& f, int L);

}  // namespace memo::am
