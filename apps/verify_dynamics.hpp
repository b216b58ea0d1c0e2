// verify claims about the trained map as a dynamical system (AM Fig. 2–3):
// basins in the plane, and recovery of real digits from corrupted copies.
#pragma once
#include <fmt/format.h>

#include "apps/verify_claim.hpp"
#include "lib/experiments/am/basins.hpp"
#include "lib/experiments/am/images.hpp"

namespace memo::verify {

inline void add_dynamics_claims(std::vector<Claim>& claims) {
  claims.push_back(
      {"am-fig3", "AM Fig. 3", "2-D, 6 points, depth 30 × 512 cosid: all attractors, no spurious attractor",
       "6 of 6, 0 spurious", "build/bin/am-basins --preset paper", [](const ClaimContext& ctx) {
         // the app's quick preset: the paper's network on a 30×30 grid
         ClaimResult r = claim_from_experiment(ctx, am::run_basins(am::basins_presets().front().second, {.seed = ctx.seed}),
                                               "am-basins", "examples that are attractors",
                                               "am-basins (quick preset):");
         r.comparison.theory = 6;
         return r;
       }});
  claims.push_back(
      {"am-digits", "AM Fig. 2, S9", "10 real MNIST digits stored as attractors, recovered from noise",
       "all attractors",
       "none: AM used 500 ImageNet-64 images, not available here; this claim is the MNIST stand-in",
       [](const ClaimContext& ctx) {
         // am-images' quick preset: 10 digits at 14×14, 20 × 512 SELU layers, Adam 1e-4 to MSE 1e-8
         // without the recovery curves, which am-images draws after these copies
         am::ImagesSettings settings = am::images_presets().front().second;
         settings.noise_stds.clear();
         settings.square_sides.clear();
         settings.pixel_fractions.clear();
         const ExperimentResult result = am::run_images(settings, {.seed = ctx.seed});
         const am::ImageMemorySettings& s = settings.network;
         const Json& m = result.measured;
         ClaimResult r;
         r.comparison = result.comparisons.at(0);
         r.detail = fmt::format(
             "MNIST stands in for ImageNet-64: {} digits at {}×{}, {} × {} SELU layers, Adam 1e-4, {}. "
             "{} of {} are attractors (largest ρ(J) {:.3f}); fixed points lie up to {:.1e} from their digit. "
             "From Gaussian noise of std 0.3 ({} copies each) iteration recovers {:.0f}% ({} spurious limits, {} "
             "undecided after {} steps); 1-nearest-neighbour recovers {:.0f}% — AM Fig. S9 reports the two "
             "similar on ImageNet-64, here the network is below 1-NN.",
             s.examples, m.at("image_side").get<int>(), m.at("image_side").get<int>(), s.depth, s.width,
             m.at("training").get<std::string>(), r.comparison.measured, s.examples,
             m.at("largest_spectral_radius").get<double>(), m.at("max_fixed_point_offset").get<double>(), settings.copies,
             100 * m.at("recovery_rate").get<double>(), m.at("spurious_limits").get<int>(),
             m.at("undecided").get<int>(), settings.max_iterations, 100 * m.at("nearest_neighbour_rate").get<double>());
         return r;
       }});
}

}  // namespace memo::verify
