// GD on one example as AM trains the rank-one networks (AM Thm 1–4): ½‖y − f(x)‖² with the
// paper's lr 1e-4 until the loss is below tol. Shared by am-theorem1 and am-sequence-theorem4.
#pragma once
#include "lib/nn/train.hpp"

namespace memo::am {

struct OneExampleFit {
  double lr = 1e-4, tol = 1e-14;
  long max_epochs = 2000000;
};

// A Gaussian vector of norm 1 in R^d.
Vec random_unit_vector(int d, Rng& rng);

// Trains net on (x, y) by GD; Error when the loss does not reach tol.
TrainResult fit_one_example(Mlp& net, const Vec& x, const Vec& y, const OneExampleFit& options);

}  // namespace memo::am
