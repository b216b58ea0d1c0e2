// MEM Thm 6/7, App. I.1: an explicit one-hidden-layer ReLU net that maps each coordinate by a
// piecewise-linear function with slope a < 1 around every training value (so every x_i is an
// attractor, AM Prop. 1) and moves no point of [0, 1]^d by more than ε. Each coordinate needs
// 2n breakpoints plus the ends, (2n+1)·d hidden units: MEM's (n+1)·d is one short. The
// examples are uniform in [0.1, 0.9]^d, the test points uniform in [0, 1]^d. An exact
// construction (nothing is trained): quick and paper differ only in the number of test points.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::mem {

struct PiecewiseSettings {
  int dim = 3, examples = 5, samples = 20000, iterations = 2000;
  double epsilon = 1e-3;

  template <typename Field>
  void fields(Field&& field) {
    field("dim", dim, "dimension d", at_least(1));
    field("examples", examples, "training examples n", at_least(1));
    field("epsilon", epsilon, "largest allowed |f(z) − z|", positive());
    field("samples", samples, "uniform test points in [0, 1]^d", at_least(1));
    field("iterations", iterations, "iterations of f from a point near x_1", at_least(1));
  }
};

std::vector<std::pair<std::string, PiecewiseSettings>> piecewise_presets();
// Comparison "max |f(z) − z|" (with ρ(J(x_i)) < 1 and f(x_i) = x_i); measured: spectral radii,
// J(x_i) against diag(slope), the mean squared error, the orbit from near x_1, hidden units.
ExperimentResult run_piecewise(const PiecewiseSettings& settings, const ExperimentContext& context);

}  // namespace memo::mem
