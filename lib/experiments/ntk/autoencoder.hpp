// The network every NTK experiment trains: the 2-layer autoencoder n0 → width → n0 of NTK §3
// (ntk parametrisation, W ~ N(0, 1), no bias), trained as in NTK §5.1 (GD with learning rate 1
// on (1/2n)Σ‖f(x_i) − x_i‖² until the loss is below 1e-7), and the kernel-regression prediction
// of its trained Jacobian from the network at initialisation (NTK eq. 2–3).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "lib/nn/train.hpp"

namespace memo::ntk {

Mlp autoencoder(int n0, int width, const std::string& activation, std::uint64_t seed);

// NTK §5.1's training: GD with learning rate 1 until the loss is below `tol` or `max_epochs` steps.
TrainResult train_gd(Mlp& net, const Mat& X, double tol, long max_epochs);
// The same, where a run that does not reach the loss is an Error.
TrainResult train_to_loss(Mlp& net, const Mat& X, double tol, long max_epochs);

// The seed of repetition `repetition`: the experiment's seed itself for the first, so that one
// repetition draws what a single run draws, and independent seeds derived from it for the others.
std::uint64_t repetition_seed(std::uint64_t seed, int repetition);

struct TrainedAndPredicted {
  std::vector<double> predicted;     // ρ(J∞) of eq. 3 from this network's f0, J0, per training point
  std::vector<double> trained;       // ρ(J) of the trained network, per training point
  std::vector<double> initial;       // ρ(J0)
  std::vector<double> trained_norm, initial_norm;  // ‖J‖_op trained and at initialisation
  double training_error = 0;         // max_i ‖f(x_i) − x_i‖ after training
  long epochs = 0;
  bool converged = false;            // reached the loss (NTK §5.1 keeps only the runs that did)
  double mean_gap() const;           // mean_i |ρ(J(x_i)) − ρ(J∞(x_i))|
  double largest_gap() const;        // max_i of the same
};

// A sigmoid autoencoder drawn from `seed`, its kernel prediction (quadrature with `nodes`
// nodes), then training to `tol` (or `max_epochs` steps: see `converged`).
TrainedAndPredicted train_and_predict(const Mat& X, int width, std::uint64_t seed, int nodes, double tol,
                                      long max_epochs);

double mean(const std::vector<double>& values);

// The finite-width rule of the kernel claims. The trained network differs from its
// linearisation by O(1/√m) (Lee et al. 2019), so √m·gap stays constant when the width m grows;
// if training did not follow the kernel the gap would stay put and √m·gap would grow like
// √(m_wide/m_narrow) = 4 for a 16× wider network. Agreement: √m·gap at the wide width at most 2×
// (the geometric middle of 1 and 4) its value at the narrow width.
bool follows_ntk_rate(double narrow_gap, int narrow, double wide_gap, int wide);

}  // namespace memo::ntk

namespace memo::ntk {

// train_and_predict on a network the caller drew (any activation, NTK parametrisation, no
// bias): the kernel prediction from its initial f0 and J0, then training in place, so that the
// caller can go on to iterate the trained map.
TrainedAndPredicted train_and_predict_in_place(Mlp& net, const Mat& X, int nodes, double tol, long max_epochs);

// Refuses (Error naming the flag) a radius whose pre-activation sd r/√n0 exceeds 50: the kernel's
// quadrature grows with that sd (theory/ntk_kernel.hpp), and past it one prediction takes hours.
void check_kernel_radii(const std::vector<double>& radii, int n0);

}  // namespace memo::ntk
