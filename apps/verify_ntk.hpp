// verify claims from NTK (Jiang, Pehlevan 2020): eq. 6 against the quadrature and the
// empirical NTK of a finite network, ‖J0‖ ≈ ½ at x = 0, Lemma 4's (n − 1)/n0 unit eigenvalues
// (Fig. E.1), the kernel prediction of ρ(J∞) against training, and the large-radius ½ (Fig. 3).
// Each claim reads one experiment of lib/experiments/ntk (the same code as build/bin/ntk-init-norm,
// ntk-linear-region and ntk-radius), at the sizes given here.
#pragma once
#include <algorithm>
#include <fmt/format.h>
#include <string>
#include <vector>

#include "apps/verify_claim.hpp"
#include "lib/experiments/ntk/activations.hpp"
#include "lib/experiments/ntk/basins.hpp"
#include "lib/experiments/ntk/beyond.hpp"
#include "lib/experiments/ntk/init_norm.hpp"
#include "lib/experiments/ntk/kernel_eq6.hpp"
#include "lib/experiments/ntk/linear_region.hpp"
#include "lib/experiments/ntk/radius.hpp"
#include "theory/ntk_kernel.hpp"

namespace memo::verify {

namespace ntk_detail {

// The experiment's comparison named `headline` as the claim's, agreeing when all of them agree.
inline ClaimResult headline_of(const ExperimentResult& result, const std::string& headline) {
  ClaimResult r;
  r.comparison = result.comparison(headline);
  r.comparison.agrees = result.all_agree();
  return r;
}

inline const Json& radius_entry(const ExperimentResult& result) { return result.measured.at("radii").at(0); }

}  // namespace ntk_detail

inline void add_ntk_claims(std::vector<Claim>& claims) {
  using namespace ntk_detail;
  const ntk::KernelPair pair = ntk::eq6_pair(ntk::kernel_eq6_presets().front().second.n0);

  claims.push_back(
      {"ntk-eq6", "NTK eq. 6", "2-layer NTK closed form = quadrature = empirical NTK (sigmoid_erf)",
       fmt::format("{:.6g}", ntk::sigmoid_erf_two_layer_closed_form(pair.xhat, pair.x).ntk),
       "build/bin/dataset sphere --dim 8 --n 1 --radius 2.828 --seed 1 --out out/ntk-x.npy && "
       "build/bin/dataset sphere --dim 8 --n 1 --radius 5.657 --seed 2 --out out/ntk-y.npy && "
       "build/bin/theory ntk --act sigmoid_erf --layers 2 --x out/ntk-x.npy --y out/ntk-y.npy",
       [](const ClaimContext& ctx) {
         const ntk::KernelEq6Settings settings = ntk::kernel_eq6_presets().front().second;
         const ExperimentResult result = ntk::run_kernel_eq6(settings, {.seed = ctx.seed});
         ClaimResult r = headline_of(result, "Θ(x̂, x)");  // the table shows the off-diagonal entry
         double worst_quadrature = 0, worst_z = 0, worst_tape = 0;
         std::string rows;
         for (const Json& e : result.measured.at("entries")) {
           worst_quadrature = std::max(worst_quadrature, e.at("eq6_minus_quadrature").get<double>());
           worst_z = std::max(worst_z, e.at("standard_errors_off").get<double>());
           worst_tape = std::max(worst_tape, e.at("tape_minus_units_relative").get<double>());
           rows += fmt::format("{}{} eq. 6 {:.6f}, empirical {:.6f} ± {:.4f}", rows.empty() ? "" : "; ",
                               e.at("entry").get<std::string>(), e.at("eq6").get<double>(),
                               e.at("empirical").get<double>(), e.at("standard_error").get<double>());
         }
         r.detail = fmt::format("n0 = {}, width {}, ‖x̂‖ = √n0, ‖x‖ = 2√n0; the off-diagonal entry is the one in the "
                                "table. {}. Max |eq. 6 − quadrature| = {:.1e}; worst |empirical − eq. 6| = {:.2f} "
                                "standard errors; the tape gradients equal the per-unit formula to {:.1e}.",
                                settings.n0, settings.width, rows, worst_quadrature, worst_z, worst_tape);
         return r;
       }});

  claims.push_back(
      {"ntk-j0", "NTK §4.1", "wide 2-layer sigmoid net: ‖J0(0)‖_op ≈ ½ (n0 = 64)", "≈ ½",
       "build/bin/ntk-init-norm --preset paper",
       [](const ClaimContext& ctx) {
         ntk::InitNormSettings settings = ntk::init_norm_presets().front().second;
         settings.depths = {2};  // the claim is L = 2; build/bin/ntk-init-norm adds L = 3
         const ExperimentResult result = ntk::run_init_norm(settings, {.seed = ctx.seed});
         ClaimResult r = headline_of(result, "L = 2");
         const Json& m = result.measured.at("depths").at(0);
         r.detail = fmt::format("{} networks {} → {} → {} at x = 0: mean ‖J0‖_op = {:.4f} (limit ½, finite-n0 "
                                "expectation {:.4f}), mean ρ(J0) = {:.4f} (limit {:.4g}).",
                                settings.repetitions, settings.n0, settings.width, settings.n0, r.comparison.measured,
                                m.at("finite_n0_expectation").get<double>(), m.at("mean_spectral_radius").get<double>(),
                                m.at("predicted_spectral_radius").get<double>());
         return r;
       }});

  claims.push_back(
      {"ntk-lemma4", "NTK Lemma 4, Fig. E.1", "trained J has (n−1) eigenvalues ≈ 1 in the linear region (r = 1)",
       "10%, 40%, 70%", "build/bin/ntk-linear-region --preset paper",
       [](const ClaimContext& ctx) {
         const ntk::LinearRegionSettings settings = ntk::linear_region_presets().front().second;
         std::string rows;
         ExperimentResult result = ntk::run_linear_region(settings, {.seed = ctx.seed});
         for (const Json& m : result.measured.at("sizes"))
           rows += fmt::format("{}n = {}: {:.0f}% near 1 (theory {:.0f}%), unit eigenvalues within {:.3f} of 1, the "
                               "others ≤ {:.3f}, {} steps",
                               rows.empty() ? "" : "; ", m.at("n").get<int>(), 100 * m.at("share_near_1").get<double>(),
                               100 * m.at("theory").get<double>(), m.at("unit_moduli_within").get<double>(),
                               m.at("largest_other_modulus").get<double>(), m.at("most_epochs").get<long>());
         const std::string headline = fmt::format("n = {}: share", settings.sizes.back());
         ClaimResult r = headline_of(result, headline);
         r.comparison.tolerance += ", every n; Lemma 4's condition holds for every network";
         result.app = "ntk-linear-region";
         for (const std::string& png : write_outputs(result, ctx.out_dir + "/ntk-linear-region"))
           r.figures.push_back("ntk-linear-region/" + png);
         r.detail = fmt::format("n0 = {}, width {}, r = {:g} (< 2√n0 = {:.2f}); the table shows n = {}. {}. Details "
                                "in ntk-linear-region/summary.json.",
                                settings.n0, settings.width, settings.radius,
                                result.measured.at("linear_region_radius").get<double>(), settings.sizes.back(), rows);
         return r;
       }});

  claims.push_back(
      {"ntk-predict", "NTK eq. 2–3", "kernel regression predicts ρ(J∞) of the trained network (r = 8)", "J∞ of eq. 3",
       "build/bin/ntk-radius --preset paper",
       [](const ClaimContext& ctx) {
         ntk::RadiusSettings settings;
         settings.n0 = 16;
         settings.radii = {8};  // 2√n0: the edge of the linear region, ρ(J∞) ≈ 0.9
         settings.widths = {1000, 16000};
         settings.repetitions = 3;
         settings.seed_stream = 400;
         const ExperimentResult result = ntk::run_radius(settings, {.seed = ctx.seed});
         ClaimResult r = headline_of(result, "r = 8: mean ρ(J)");
         const Json& w = radius_entry(result).at("widths");
         r.detail = fmt::format("n0 = {}, {} points of norm 8, {} data sets; mean ρ over points: width {}: predicted "
                                "{:.4f}, trained {:.4f}, mean |Δρ| {:.4f} (√m·|Δρ| = {:.2f}); width {}: predicted {:.4f}, "
                                "trained {:.4f}, mean |Δρ| {:.4f} (√m·|Δρ| = {:.2f}). Training moved ρ from {:.3f} (ρ(J0), "
                                "wide); the kernel predicts that change.",
                                settings.n0, settings.points, settings.repetitions, settings.widths[0],
                                w[0].at("mean_predicted").get<double>(), w[0].at("mean_trained").get<double>(),
                                w[0].at("mean_gap").get<double>(), w[0].at("root_width_gap").get<double>(),
                                settings.widths[1], w[1].at("mean_predicted").get<double>(),
                                w[1].at("mean_trained").get<double>(), w[1].at("mean_gap").get<double>(),
                                w[1].at("root_width_gap").get<double>(), w[1].at("mean_initial").get<double>());
         return r;
       }});

  claims.push_back(
      {"ntk-large-radius", "NTK §4.4, Fig. 3", "large r: ‖J∞‖ ≤ ½ + ‖J0‖ → ½; trained ρ follows the kernel (r = 32)",
       "→ ½", "build/bin/ntk-radius --preset paper",
       [](const ClaimContext& ctx) {
         ntk::RadiusSettings settings;
         settings.n0 = 32;
         settings.radii = {32};  // 2.8× the linear-region edge 2√n0 (Lemma 4)
         settings.widths = {2000, 32000};
         settings.repetitions = 1;
         settings.seed_stream = 600;  // data apart from ntk-predict's
         const ExperimentResult result = ntk::run_radius(settings, {.seed = ctx.seed});
         ClaimResult r = headline_of(result, "r = 32: mean ρ(J) at width 32000 under");
         r.comparison.tolerance = "trained ‖J‖_op ≤ ½ + ‖J0‖ at every point; |ρ − kernel ρ(J∞)|·√width at 32000 ≤ 2× "
                                  "its value at 2000";
         const Json& e = radius_entry(result);
         const Json& w = e.at("widths");
         r.detail = fmt::format(
             "n0 = {}, {} points of norm 32; theory = ½ + predicted ‖J0‖ ({:.4f}). Mean ρ over points: width {}: trained "
             "{:.4f} vs kernel {:.4f}; width {}: trained {:.4f} vs kernel {:.4f} (√m·|Δρ| {:.1f} → {:.1f}): narrow "
             "networks leave the NTK regime and saturate (§4.5), wide ones approach the kernel value. Smallest margin "
             "under ½ + ‖J0‖: {:.3f}. The kernel term alone (eq. 5) has ρ = {:.3f} at r = 32 and {:.3f} at r = 64: "
             "it tends to ½ only slowly, since K̃_ii = r/(4π√n0) + O(1).",
             settings.n0, settings.points, e.at("predicted_initial_norm").get<double>(), settings.widths[0],
             w[0].at("mean_trained").get<double>(), w[0].at("mean_predicted").get<double>(), settings.widths[1],
             w[1].at("mean_trained").get<double>(), w[1].at("mean_predicted").get<double>(),
             w[0].at("root_width_gap").get<double>(), w[1].at("root_width_gap").get<double>(),
             e.at("smallest_margin_under_bound").get<double>(), e.at("kernel_term").get<double>(),
             e.at("kernel_term_at_2r").get<double>());
         return r;
       }});
  claims.push_back(
      {"ntk-basins", "NTK Fig. 4a", "larger input radius, larger basin of attraction (5 examples, n0 = 32)",
       "larger r, larger basin", "build/bin/ntk-basins --preset paper",
       [](const ClaimContext& ctx) {
         ntk::BasinsSettings settings = ntk::basins_presets().front().second;
         settings.radii = {2, 32};  // inside the linear region (r < 2√n0 = 11.3) and well past it
         settings.noise = {0, 0.5, 1, 2};
         settings.copies = 10;
         settings.repetitions = 2;
         settings.kernel_copies = 1;
         const ExperimentResult result = ntk::run_basins(settings, {.seed = ctx.seed});
         const Json& small = result.measured.at("radii").at(0);
         const Json& large = result.measured.at("radii").at(1);
         return claim_from_experiment(
             ctx, result, "ntk-basins", "r 2 → 32",
             fmt::format("width {}, {} networks per radius, {} noisy copies per example and level, 50 iterations, "
                         "recovered at MSE < 1e-2; mean recovery over s = 0, 0.5, 1, 2: {:.3f} at r = 2 (ρ(J) {:.3f}, "
                         "kernel ρ(J∞) {:.3f}), {:.3f} at r = 32 (ρ(J) {:.3f}, kernel ρ(J∞) {:.3f}).",
                         settings.width, settings.repetitions, settings.copies,
                         small.at("mean_recovery_over_noise").get<double>(), small.at("mean_spectral_radius").get<double>(),
                         small.at("mean_kernel_spectral_radius").get<double>(),
                         large.at("mean_recovery_over_noise").get<double>(), large.at("mean_spectral_radius").get<double>(),
                         large.at("mean_kernel_spectral_radius").get<double>()));
       }});
  claims.push_back(
      {"ntk-activations", "NTK Fig. 5, §5.6", "tanh and erf: ρ(J) > 1 at small r (σ'(0) breaks Lemma 3); < 1 at large r",
       "large (> 1)", "build/bin/ntk-activations --preset paper",
       [](const ClaimContext& ctx) {
         ntk::ActivationsSettings settings = ntk::activations_presets().front().second;
         settings.n0 = 16;
         settings.points = 10;
         settings.radii = {2, 24};  // inside the linear region (r < 2√n0 = 8) and 3× past its edge
         settings.repetitions = 1;
         const ExperimentResult result = ntk::run_activations(settings, {.seed = ctx.seed});
         std::string rows;
         for (const Json& e : result.measured.at("settings"))
           rows += fmt::format("{}{} r = {:g}: ρ(J) {:.3f} (kernel ρ(J∞) {:.3f}, {} of {} runs converged)",
                               rows.empty() ? "" : "; ", e.at("activation").get<std::string>(), e.at("radius").get<double>(),
                               e.at("mean_largest_modulus_all_runs").get<double>(),
                               e.at("mean_kernel_largest_modulus_all_runs").get<double>(),
                               e.at("converged_runs").get<int>(), e.at("runs").get<int>());
         return claim_from_experiment(ctx, result, "ntk-activations", "tanh, r = 2:",
                                      fmt::format("n0 = {}, {} examples, width {}. {}.", settings.n0, settings.points,
                                                  settings.width, rows));
       }});
  claims.push_back(
      {"ntk-mnist-basins", "NTK Fig. 4b", "MNIST digits: larger input radius, larger basin of attraction",
       "larger r, larger basin", "build/bin/ntk-mnist-basins --preset paper",
       [](const ClaimContext& ctx) {
         ntk::MnistBasinsSettings settings = ntk::mnist_basins_presets().front().second;
         settings.radii = {7, 112};  // 14×14 digits: inside the linear region (r < 2√196 = 28) and 4× past it
         settings.noise = {0, 1, 2};
         settings.repetitions = 1;
         settings.kernel_copies = 1;
         const ExperimentResult result = ntk::run_mnist_basins(settings, {.seed = ctx.seed});
         const Json& small = result.measured.at("radii").at(0);
         const Json& large = result.measured.at("radii").at(1);
         return claim_from_experiment(
             ctx, result, "ntk-mnist-basins", "r 7 → 112",
             fmt::format("{} mean-subtracted MNIST digits at 14×14, width {}, {} noisy copies per digit and level, 50 "
                         "iterations; mean recovery over s = 0, 1, 2: {:.3f} at r = 7 (ρ(J) {:.3f}, kernel ρ(J∞) "
                         "{:.3f}), {:.3f} at r = 112 (ρ(J) {:.3f}, kernel ρ(J∞) {:.3f}).",
                         settings.points, settings.width, settings.copies,
                         small.at("mean_recovery_over_noise").get<double>(), small.at("mean_spectral_radius").get<double>(),
                         small.at("mean_kernel_spectral_radius").get<double>(),
                         large.at("mean_recovery_over_noise").get<double>(), large.at("mean_spectral_radius").get<double>(),
                         large.at("mean_kernel_spectral_radius").get<double>()));
       }});
  claims.push_back(
      {"ntk-beyond", "NTK §4.5", "fixed width, large r: hidden units saturate, eigenvalues collapse toward 0",
       "→ 0", "build/bin/ntk-beyond --preset paper",
       [](const ClaimContext& ctx) {
         ntk::BeyondSettings settings = ntk::beyond_presets().front().second;
         settings.radii = {4, 16, 128};
         settings.repetitions = 1;
         const ExperimentResult result = ntk::run_beyond(settings, {.seed = ctx.seed});
         std::string rows;
         for (const Json& e : result.measured.at("radii"))
           rows += fmt::format("{}r = {:g}: ρ(J) {:.3g} (kernel ρ(J∞) {:.3f}), saturated {:.2f} → {:.2f}, "
                               "‖ΔW1‖/‖W1(0)‖ {:.2f}",
                               rows.empty() ? "" : "; ", e.at("radius").get<double>(),
                               e.at("mean_spectral_radius").get<double>(), e.at("mean_kernel_spectral_radius").get<double>(),
                               e.at("saturated_initial").get<double>(), e.at("saturated_trained").get<double>(),
                               e.at("first_layer_distance").get<double>());
         return claim_from_experiment(ctx, result, "ntk-beyond", "r = 128: mean ρ(J) below the kernel",
                                      fmt::format("n0 = {}, {} examples, width {}. {}.", settings.n0, settings.points,
                                                  settings.width, rows));
       }});
}

}  // namespace memo::verify
