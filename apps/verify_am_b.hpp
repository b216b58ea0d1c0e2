// verify claims from AM's appendix tables and figures on real images: Tables S1/S2 (attractors
// arise in every trained cell of activation × optimizer / init) and Fig. S4 (every optimizer
// leaves training images that are not attractors) and Fig. 5 (sequence encoders store more images
// than autoencoders of the same size). Each claim reads the result of the
// experiment its app runs (lib/experiments/am/attractor_table, spurious_optimizers), at a
// reduced size that fits `make run`.
#pragma once
#include "apps/verify_claim.hpp"
#include "lib/experiments/am/attractor_table.hpp"
#include "lib/experiments/am/efficiency.hpp"
#include "lib/experiments/am/spurious_optimizers.hpp"

namespace memo::verify {

inline void add_am_b_claims(std::vector<Claim>& claims) {
  claims.push_back(
      {"am-table-s1", "AM Table S1", "attractors arise under every optimizer × activation that trains",
       "all trained cells", "build/bin/am-optimizers --preset paper",
       [](const ClaimContext& ctx) {
         am::AttractorTableSettings s = am::optimizers_table_presets().front().second;
         s.examples = 10;
         s.activations = "selu,sinusoid";
         s.optimizers = "rmsprop,adam";
         return claim_from_experiment(ctx, am::run_attractor_table(s, {.seed = ctx.seed}), "am-optimizers",
                                      "trained cells with attractors",
                                      "10 Fashion-MNIST images at 7×7 (for b/w CIFAR-10), 3 hidden layers of 64, "
                                      "SELU and z + sin(10z)/5 × RMSprop and Adam (lr 1e-4) to MSE 1e-5; "
                                      "attractor: ρ(J) < 1 at each image's Newton fixed point.");
       }});
  claims.push_back(
      {"am-spurious-opt", "AM Fig. S4", "GD and GD + momentum (lr 0.1) leave training images that are not attractors",
       "spurious examples for every optimizer", "build/bin/am-spurious-optimizers --preset paper",
       [](const ClaimContext& ctx) {
         am::AttractorTableSettings s = am::spurious_optimizers_presets().front().second;
         s.examples = 10;
         s.optimizers = "gd,momentum";
         return claim_from_experiment(ctx, am::run_spurious_optimizers(s, {.seed = ctx.seed}), "am-spurious-optimizers",
                                      "optimizers with spurious training examples",
                                      "10 Fashion-MNIST images at 7×7, SELU, 3 hidden layers of 64, lr 0.1, momentum "
                                      "0.009, to MSE 1e-3 (GD stalls near 3e-4 at this size).");
       }});
  claims.push_back(
      {"am-efficiency", "AM Fig. 5", "one sequence of 20 stores more images than autoencoding them, over width × depth",
       "more than autoencoding", "build/bin/am-efficiency --preset paper",
       [](const ClaimContext& ctx) {
         return claim_from_experiment(ctx, am::run_efficiency(am::efficiency_presets().front().second, {.seed = ctx.seed}),
                                      "am-efficiency", "length 20: images stored over the grid",
                                      "20 MNIST digits at 7×7, SELU, widths 64/256 × depths 1/6, Adam lr 1e-4 to MSE "
                                      "1e-8; autoencoding vs 4 sequences of 5 vs 1 of 20; stored: stable cycle of f^L.");
       }});
}

}  // namespace memo::verify
