// The spectral radius of J_{f^n} along a cycle of an MLP whose width is far below its input
// dimension (AM App. G: 22,050 inputs, width 15), without forming any d × d matrix.
// J_f(x) = A(x) B(x) with B = D_1 W_1 (width × d) and A = W_L D_{L−1} W_{L−1} ⋯ D_2 W_2
// (d × width), so J_{f^n} = A_n B_n A_{n−1} B_{n−1} ⋯ A_1 B_1 (AM Prop. 2). A product keeps its
// nonzero eigenvalues under cyclic rotation, hence ρ(J_{f^n}) = ρ(B_1 A_n B_n A_{n−1} ⋯ B_2 A_1),
// a width × width matrix.
#pragma once
#include "lib/dynamics/jacobian.hpp"

namespace memo {

// ρ(J_f(x_n) ⋯ J_f(x_1)) for the columns x_1 … x_n of `orbit_points` (a map from R^d to R^d).
double cycle_spectral_radius(const Mlp& net, const Mat& orbit_points);

}  // namespace memo
