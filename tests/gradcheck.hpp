// Central-difference gradient checks shared by the test files.
// The scalar checked is L = Σ f(x) ⊙ R with a fixed random R: an all-ones upstream gradient
// would hide transposition bugs.
#pragma once
#include <functional>
#include <vector>
#include "lib/core/random.hpp"
#include "lib/autodiff/tape.hpp"

namespace memo::testing {

// Builds the output of the function under test from its inputs (already on the tape).
using TapeFunction = std::function<Var(Tape&, const std::vector<Var>& inputs)>;

struct GradcheckResult {
  double max_relative_error = 0;  // max over entries of |analytic − numeric| / max(1, |numeric|)
  double max_abs_gradient = 0;    // to make sure the check was not vacuous
};

// Compares the tape gradient of L = Σ f(inputs) ⊙ R with central differences of step h for
// every entry of every input.
GradcheckResult gradcheck(const TapeFunction& f, const std::vector<Mat>& inputs, Rng& rng,
                          double h = 1e-6);

// The same for parameters: f reads the Params through tape.param(); every entry of every
// Param is perturbed.
GradcheckResult gradcheck_params(const std::function<Var(Tape&)>& f, const std::vector<Param*>& params,
                                 Rng& rng, double h = 1e-6);

}  // namespace memo::testing
