// A map f: R^d → R^d seen as a dynamical system: applied to a batch of points at
// once, with its Jacobian at any point. MLPs, tape-built maps (conv nets) and hand-written
// maps all become a DynamicalMap, so iteration, basins and limit cycles work on any of them.
#pragma once
#include <functional>
#include <vector>
#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/nn/mlp.hpp"

namespace memo {

struct DynamicalMap {
  int dim = 0;
  // f applied to every column: (d, n) → (d, n). One call per iteration step for the whole
  // batch, so an MLP costs one matrix product per layer per step.
  std::function<Mat(const Mat&)> apply;
  // J_f at every column of a (d, n) batch. The provider decides how to parallelise (the MLP
  // closed form is thread-safe and runs in parallel; a tape map runs point by point).
  std::function<std::vector<Mat>(const Mat&)> jacobians;
  // Optional: the spectra of J_f at every column, for a provider with a cheaper way than
  // forming each d × d Jacobian (an MLP whose first hidden layer is narrower than d). Use
  // spectra_at, which falls back to the Jacobians.
  std::function<std::vector<Spectrum>(const Mat&, bool keep_eigenvalues)> spectra;
};

// The spectrum of J_f at every column of `points`: f.spectra when the map has it, else the
// spectra of f.jacobians.
std::vector<Spectrum> spectra_at(const DynamicalMap& f, const Mat& points, bool keep_eigenvalues = false);

// The network's forward pass and closed-form Jacobian (and, when its first hidden layer is
// narrower than d, the spectra from the factored Jacobian). `net` is captured by reference and
// must outlive the map.
DynamicalMap mlp_map(const Mlp& net);
// A map recorded on the tape (any architecture): forward without gradients, Jacobian by
// batched reverse mode. Captured by value; whatever `f` refers to must outlive the map.
DynamicalMap tape_map(TapeMap f, int dim);
// x ↦ A x (+ b): Jacobian A everywhere.
DynamicalMap linear_map(const Mat& A, const Vec& b = Vec());

Mat jacobian(const DynamicalMap& f, const Vec& x);
// f^k applied to every column.
Mat apply_times(const DynamicalMap& f, const Mat& X, int k);
// x, f(x), …, f^{n−1}(x) as the columns of a (d, n) matrix.
Mat orbit(const DynamicalMap& f, const Vec& x, int n);
// The fixed point of f near x0 by Newton's method on f(x) − x = 0:
// x ← x − (J_f(x) − I)^{-1} (f(x) − x). Unlike iteration it also finds repelling fixed points,
// e.g. the fixed point a trained network has next to a training example that is not an
// attractor. Throws when it does not converge to ‖f(x) − x‖ < tol within max_steps.
Vec newton_fixed_point(const DynamicalMap& f, const Vec& x0, double tol = 1e-12, int max_steps = 50);

// Chain rule along an orbit x_1 … x_n: J_{f^n}(x_1) = J_f(x_n) ⋯ J_f(x_2) J_f(x_1)
// (AM Prop. 2).
Mat chain_jacobian(const DynamicalMap& f, const Mat& orbit_points);
// J_{f^n}(x) by the chain product along the orbit of x.
Mat power_jacobian(const DynamicalMap& f, const Vec& x, int n);
// ρ(J_{f^n}) along each orbit (its n points as the columns; n = 1: a fixed point): the fixed
// points together through spectra_at, the longer orbits by their chain products.
std::vector<double> orbit_spectral_radii(const DynamicalMap& f, const std::vector<Mat>& orbits);

}  // namespace memo
