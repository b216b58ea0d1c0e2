// AM App. D, Invariant 5: from a span-shaped initialisation (A0 = X C_a, B0 = C_b X^T) GD on
// the autoencoding loss keeps every output in span{x_i}, for any input z. We train such a net on
// n Gaussian examples, evaluate it on Gaussian inputs far from the data, and report the largest
// distance of f(z) from span(X); a generic initialisation trained the same way is the control
// that leaves the span. The invariant holds at any size, so quick and paper are the same.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::am {

struct SpanInvariantSettings {
  int dim = 8, examples = 3, width = 16, inputs = 50;
  long epochs = 3000;
  double lr = 0.05, data_std = 0.5, input_std = 2.0, init_std = 0.3;
  std::string act = "tanh";

  template <typename Field>
  void fields(Field&& field) {
    field("dim", dim, "dimension d", at_least(1));
    field("examples", examples, "training examples n", at_least(1));
    field("width", width, "hidden width", at_least(1));
    field("act", act, "activation");
    field("lr", lr, "GD learning rate", positive());
    field("epochs", epochs, "GD steps", at_least(1));
    field("inputs", inputs, "Gaussian test inputs z", at_least(1));
    field("data_std", data_std, "standard deviation of the examples", positive());
    field("input_std", input_std, "standard deviation of the test inputs", positive());
    field("init_std", init_std, "standard deviation of C_a, C_b", positive());
  }
};

std::vector<std::pair<std::string, SpanInvariantSettings>> span_invariant_presets();
// Comparisons "span-shaped init: distance of f(z) from span(X)" and "generic init: …";
// measured: initial and final loss of the span-shaped net.
ExperimentResult run_span_invariant(const SpanInvariantSettings& settings, const ExperimentContext& context);

}  // namespace memo::am
