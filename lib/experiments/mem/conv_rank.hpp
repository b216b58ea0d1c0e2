// MEM Theorems 4 and 5 and the Corollary (§4, App. D–E).
//
// Thm 4: one kernel-3 filter (padding 1) trained by GD from zero on one s×s image learns an
// operator of rank s² (no memorisation, which would be rank 1). We train it, count the
// singular values above 1e-8·σ₁, and compare the filter with the theory's minimum-norm filter.
// Thm 5 / Corollary: an L-layer kernel-3 net has forced zeros wherever pixels are more than L
// apart (Chebyshev), so it needs L ≥ s − 1; 2-layer nets on 4×4 images cannot reach
// x x^T/‖x‖² whatever the number of filters. We train them and check that the forced entries
// stay exactly zero and that ‖M − x x^T/‖x‖²‖_F stays above the theory's lower bound.
// Every training is a run of one sweep (resumable; over --threads, MPI ranks, --shard).
// Images are drawn from N(0, 1). Multi-filter nets start from --init (a constant would keep all
// filters equal forever); the 1-filter Thm 4 net starts at zero as in the theorem.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::mem {

struct ConvRankSettings {
  std::vector<int> sizes{2, 3, 4, 5};   // image sizes s for Thm 4
  std::vector<int> filters{1, 4, 16};   // filters of the 2-layer nets on 4×4 (Corollary)
  std::string init = "normal:0.1";
  double lr = 0.1, tol = 1e-10;
  long max_epochs = 100000;
  static constexpr bool sweeps = true;

  template <typename Field>
  void fields(Field&& field) {
    field("sizes", sizes, "image sizes s for Thm 4", at_least(1));
    field("filters", filters, "filters of the 2-layer nets on 4×4", at_least(1));
    field("init", init, "initialisation of the 2-layer nets");
    field("lr", lr, "GD learning rate", positive());
    field("tol", tol, "train until the MSE is below this", positive());
    field("max_epochs", max_epochs, "epoch limit", at_least(1));
  }
};

std::vector<std::pair<std::string, ConvRankSettings>> conv_rank_presets();
ExperimentResult run_conv_rank(const ConvRankSettings& settings, const ExperimentContext& context);

}  // namespace memo::mem
