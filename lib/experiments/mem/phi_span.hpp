// MEM Thm 1: a single layer φ(A x) trained by GD from A = 0 on n < d examples with entries in
// range(φ) converges to A = φ⁻¹(X) X⁺, of rank n; every x_i is then a φ-eigenvector with
// eigenvalue 1 and every output lies in the φ-span of the data. The examples are φ(N(0, σ²))
// entries. The gap to the closed form scales like √loss·‖X⁺‖/min φ', so we train to loss 1e-14
// (about 2e-6 for these data). An exact statement at any size: quick and paper are the same.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::mem {

struct PhiSpanSettings {
  int dim = 8, examples = 3, inputs = 20;
  double data_std = 0.7, lr = 5, tol = 1e-14;
  long max_epochs = 200000;
  std::string act = "sigmoid";

  template <typename Field>
  void fields(Field&& field) {
    field("dim", dim, "dimension d", at_least(2));
    field("examples", examples, "training examples n (n < d)", at_least(1));
    field("act", act, "activation φ (invertible)");
    field("data_std", data_std, "the examples are φ of N(0, data_std²) entries", positive());
    field("lr", lr, "GD learning rate", positive());
    field("tol", tol, "train until the loss is below this", positive());
    field("max_epochs", max_epochs, "epoch limit", at_least(1));
    field("inputs", inputs, "Gaussian inputs whose images are checked against the φ-span", at_least(1));
  }
};

std::vector<std::pair<std::string, PhiSpanSettings>> phi_span_presets();
// Comparison "max|A − φ⁻¹(X)X⁺|"; measured: rank of A, the φ-eigenvector residual of the closed
// form, the distance of its images from the φ-span and a control point's distance.
ExperimentResult run_phi_span(const PhiSpanSettings& settings, const ExperimentContext& context);

}  // namespace memo::mem
