// Sequence encoders and limit cycles (AM §4, Thm 3–4, Prop. 2). Training a map
// with f(x_i) = x_{(i mod n)+1} stores x_1 … x_n as a cycle; it is a stable limit cycle when
// ρ(J_{f^n}(x_1)) < 1 with J_{f^n} the chain product along the cycle (lib/dynamical_map.hpp).
#pragma once
#include <vector>
#include "lib/dynamics/iteration.hpp"

namespace memo {

// Targets of a sequence encoder for consecutive cycles of the given lengths: the columns of X
// are split in order into cycles, and each column's target is the next column of its cycle
// (the last one wraps to the first). The lengths must add up to X.cols(); a length of 1 is
// an autoencoded example.
Mat sequence_targets(const Mat& X, const std::vector<int>& cycle_lengths);

// Every stored cycle of a trained sequence encoder: its Jacobian J_{f^n} at its first
// example by the chain product, and whether f really maps each member to the next.
struct StoredCycle {
  int first = 0;               // column of X where the cycle starts
  int length = 0;
  double max_error = 0;        // max_i ‖f(x_i) − x_{i+1}‖ over the cycle
  double spectral_radius = 0;  // ρ(J_f(x_n) ⋯ J_f(x_1))
  bool stable() const { return spectral_radius < 1; }
};
std::vector<StoredCycle> stored_cycles(const DynamicalMap& f, const Mat& X, const std::vector<int>& cycle_lengths);

// The periodic orbit of f with period n next to x0, by Newton's method on f^n(x) − x = 0 with
// J_{f^n} by the chain product (AM Prop. 2): x ← x − (J_{f^n}(x) − I)^{-1} (f^n(x) − x). A
// sequence encoder trained to MSE 1e-8 has its cycle about 1e-3 from the stored points, so AM's
// 1e-7 match needs the exact orbit. Returns (d, n): the orbit in the order f visits it. Throws
// when ‖f^n(x) − x‖ < tol is not reached within max_steps. Needs d × d Jacobians.
Mat periodic_orbit(const DynamicalMap& f, const Vec& x0, int n, double tol = 1e-12, int max_steps = 50);

// Spurious limits reached from a set of starts (test images, uniform or Gaussian noise,
// AM "Spurious attractors"): every distinct fixed point that is not a training example and
// every cycle that passes through none, with how many starts reached it and its spectral
// radius. Cycles through training examples (stored sequences) are not spurious.
std::vector<Limit> find_spurious_limits(const DynamicalMap& f, const Mat& starts, const Mat& examples,
                                        const IterationCriterion& criterion);

}  // namespace memo
