// AM Thm 3–4: maps trained on a sequence x1 → x2 → x1 compose to a map whose top Jacobian
// eigenvalue at x1 is ∏ λ_i (theory/rank_one composition_lambda). f1: x1 → x2 is the Thm 2
// sigmoid net (k = 2, u0 = v0 = 1), f2: x2 → x1 the App. B exp2 net (k = 1, u0 = v0 = 0), each
// trained alone by GD with the paper's lr 1e-4; x1, x2 are Gaussian unit vectors from the seed.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::am {

struct SequenceTheorem4Settings {
  int dim = 8;
  double lr = 1e-4, tol = 1e-14;
  long max_epochs = 2000000;

  template <typename Field>
  void fields(Field&& field) {
    field("dim", dim, "dimension d of x1, x2", at_least(1));
    field("lr", lr, "GD learning rate", positive());
    field("tol", tol, "train each map until ½‖y − f(x)‖² is below this", positive());
    field("max_epochs", max_epochs, "epoch limit per map", at_least(1));
  }
};

std::vector<std::pair<std::string, SequenceTheorem4Settings>> sequence_theorem4_presets();
// Comparison "ρ(J_f2 J_f1)"; measured: lambda1, lambda2 (theory), the trained maps' epochs.
ExperimentResult run_sequence_theorem4(const SequenceTheorem4Settings& settings, const ExperimentContext& context);

}  // namespace memo::am
