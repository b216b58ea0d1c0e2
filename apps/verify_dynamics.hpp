// verify claims about the trained map as a dynamical system (AM Fig. 2–3):
// basins in the plane, and recovery of real digits from corrupted copies.
#pragma once
#include <fmt/format.h>

#include "apps/verify_claim.hpp"
#include "lib/experiments/am/basins.hpp"
#include "lib/experiments/am/audio.hpp"
#include "lib/experiments/am/images.hpp"
#include "lib/experiments/am/sequences.hpp"
#include "lib/experiments/am/spurious.hpp"
#include "lib/experiments/am/video.hpp"

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
  claims.back().not_reproduced =
      "the outcome depends on the last bits of training: of 6 seeds (am-basins --runs 6, Intel AVX-512 build of "
      "2 December 2026) one stored all 6 points with no spurious attractor; five left one or two points repelling "
      "(largest ρ(J) 1.03 to 2.42), three of them beside one or two spurious attractors";
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
  claims.push_back(
      {"am-spurious", "AM Fig. 2 text", "no spurious attractor from test images, uniform and Gaussian noise", "0",
       "build/bin/am-spurious --preset paper", [](const ClaimContext& ctx) {
         // am-images' quick network (10 MNIST digits), 100 starts of each kind instead of 300
         am::SpuriousSettings s = am::spurious_presets().front().second;
         s.test_starts = s.uniform_starts = s.gaussian_starts = 100;
         return claim_from_experiment(ctx, am::run_spurious(s, {.seed = ctx.seed}), "am-spurious",
                                      "spurious attractors",
                                      "am-spurious (quick network, 100 held-out MNIST images, 100 U[0,1], 100 N(0,4) "
                                      "starts; MNIST for ImageNet-64):");
       }});
  claims.push_back(
      {"am-seq-digits", "AM Fig. 4b", "two MNIST sequences of 10 stored as stable limit cycles, recovered from noise",
       "ρ .0034, .0033", "build/bin/am-sequences --preset paper", [](const ClaimContext& ctx) {
         // Fig. 4b only: the plane part of am-sequences (Fig. 4c) shrunk to one small cycle
         am::SequencesSettings s = am::sequences_presets().front().second;
         s.noise_starts = 50;
         s.cycles = 1;
         s.plane_depth = 1;
         s.plane_width = 8;
         s.grid = 2;
         const ExperimentResult result = am::run_sequences(s, {.seed = ctx.seed});
         const Json& m = result.measured;
         const std::vector<double> rho = m.at("digits_spectral_radius").get<std::vector<double>>();
         ClaimResult r;
         r.comparison = result.comparison("digit cycles stable");
         r.comparison.agrees = r.comparison.agrees && result.comparison("digit sequences recovered").agrees &&
                               m.at("digits_training").get<std::string>().starts_with("converged");
         r.comparison.tolerance = "both cycles ρ(J_{f^10}) < 1, both reached from Gaussian noise, trained";
         r.detail = fmt::format(
             "am-sequences Fig. 4b part: 20 distinct MNIST digits at 14×14 (0→9, 9→0), 31 × 128 SELU layers, Adam "
             "1e-4, {}. ρ(J_{{f^10}}) = {:.3g} and {:.3g} (AM: .0034, .0033); of {} N(0, 1) starts {} and {} end on "
             "the two cycles (exact orbits {:.1e} from the stored digits).",
             m.at("digits_training").get<std::string>(), rho[0], rho[1], s.noise_starts,
             m.at("noise_starts_per_cycle")[0].get<int>(), m.at("noise_starts_per_cycle")[1].get<int>(),
             m.at("digits_orbit_offset").get<double>());
         return r;
       }});
  claims.push_back(
      {"am-audio", "AM App. G", "an 8 s signal stored as a limit cycle of 1 s chunks, replayed from noise", "< 1",
       "build/bin/am-audio --preset paper", [](const ClaimContext& ctx) {
         // 2,205 samples per second instead of 22,050 (a tenth of the training time)
         am::AudioSettings s = am::audio_presets().front().second;
         s.sample_rate = 2205;
         return claim_from_experiment(ctx, am::run_audio(s, {.seed = ctx.seed}), "am-audio", "stable limit cycle",
                                      "am-audio (synthetic speech for AM's clip, 8 chunks of 2,205 samples, 36 × 15 "
                                      "SELU layers):");
       }});
  claims.push_back(
      {"am-video", "AM Fig. 4a", "a film stored as a stable limit cycle of its frames, replayed from noise", "< 1",
       "build/bin/am-video --preset paper", [](const ClaimContext& ctx) {
         // half of am-video's quick film (24 frames of 8 × 8, width 128): a sixth of its time
         am::VideoSettings s = am::video_presets().front().second;
         s.frames = 24;
         s.side = 8;
         s.network.width = 128;
         return claim_from_experiment(ctx, am::run_video(s, {.seed = ctx.seed}), "am-video", "stable limit cycle",
                                      "am-video (a synthetic film for Steamboat Willie: 24 frames of 8 × 8, 8 × 128 "
                                      "SELU layers):");
       }});
}

}  // namespace memo::verify
