// AM Thm 1–2, the App. B example and App. C: real networks in the rank-one forms, trained by
// GD on one unit-norm example x (½‖x − f(x)‖², the paper's lr 1e-4), beside the reduced gradient
// flow of theory/rank_one. GD with lr 1e-4 follows the flow to O(lr), so trained and flow λ1
// agree to about 1e-4.
//
// The chains (one name each, --chains picks some):
//   sigmoid-k2     Thm 2: sigmoid, k = 2, u0 = v0 = 1; AM prints λ1 = 0.263
//   exp2-k1..k3    App. B: φ(z) = exp(2z)-type example, u0 = v0 = 0; AM prints .6, .28, .16
//   power3-deep    App. C: φ = z³, hidden widths (2, 3, 2): λ1 = m^(d−1) = 27 for any widths
//   power2-deep    App. C: φ = z², hidden widths (3, 2): λ1 = 4
//   sigmoid-deep   App. C: sigmoid, hidden widths (3, 4, 2): λ1 = ∏ e_φ(p_i)
// Each chain draws its own x from seed + its offset (0, 1, 2, 3, 4, 10, 5 in that order), so that
// one chain gives the same bits whether it runs alone or beside the others.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::am {

struct Theorem1Settings {
  std::string chains = "sigmoid-k2,exp2-k1,exp2-k2,exp2-k3,power3-deep,sigmoid-deep";
  int dim = 8;
  double lr = 1e-4, tol = 1e-14;
  long max_epochs = 2000000;

  template <typename Field>
  void fields(Field&& field) {
    field("chains", chains, "comma-separated chains: sigmoid-k2, exp2-k1, exp2-k2, exp2-k3, power3-deep, "
                            "power2-deep, sigmoid-deep");
    field("dim", dim, "dimension d of the example x", at_least(1));
    field("lr", lr, "GD learning rate", positive());
    field("tol", tol, "train until ½‖x − f(x)‖² is below this", positive());
    field("max_epochs", max_epochs, "epoch limit", at_least(1));
  }
};

std::vector<std::pair<std::string, Theorem1Settings>> theorem1_presets();
// One comparison per chain, "<chain>: λ1"; measured["chains"][i] holds theory and trained
// parameters (b, w_2, …, a), the rank-one form's deviation, the second |eigenvalue| and the
// trained network's own ∏ e_φ(p_i) and f(x)·x.
ExperimentResult run_theorem1(const Theorem1Settings& settings, const ExperimentContext& context);

}  // namespace memo::am
