// verify claims from MEM (Radhakrishnan, Yang, Belkin, Uhler 2019), §2, Thm 1, 3, 6/7 and
// App. I: the same runs as build/bin/mem-linear, mem-phi-span, mem-relu-wide and mem-piecewise;
// each claim reads one comparison of its experiment.
#pragma once
#include <fmt/format.h>

#include "apps/verify_claim.hpp"
#include "lib/experiments/mem/linear.hpp"
#include "lib/experiments/mem/phi_span.hpp"
#include "lib/experiments/mem/piecewise.hpp"
#include "lib/experiments/mem/relu_wide.hpp"

namespace memo::verify {

namespace mem_detail {

inline double number(const Json& j, const char* key) { return j.at(key).get<double>(); }

// The comparison `headline` of an experiment as the claim, with the experiment's outputs (and
// figures) in <out_dir>/<app>/.
inline ClaimResult headline_claim(const ClaimContext& ctx, ExperimentResult result, const std::string& app,
                                  const std::string& headline, std::string detail) {
  ClaimResult r;
  r.comparison = result.comparison(headline);
  r.detail = std::move(detail);
  result.app = app;
  for (const std::string& png : write_outputs(result, ctx.out_dir + "/" + app)) r.figures.push_back(app + "/" + png);
  return r;
}

}  // namespace mem_detail

inline void add_mem_claims(std::vector<Claim>& claims) {
  claims.push_back({"mem-minnorm", "MEM §2, App. A", "linear AE by GD from 0 → projector X X⁺ (rank n)", "rank n",
                    "build/bin/mem-linear --examples 5  (any n < d; the quick run is exact)",
                    [](const ClaimContext& ctx) {
                      const ExperimentResult result = mem::run_linear(mem::linear_presets().front().second, {.seed = ctx.seed});
                      return mem_detail::headline_claim(
                          ctx, result, "mem-linear", "from 0",
                          fmt::format("d = 30, n = 5 Gaussian examples; trained A differs from X X⁺ by {:.1e} (max entry).",
                                      mem_detail::number(result.measured, "zero_init_max_deviation")));
                    }});
  claims.push_back({"mem-noisy-init", "MEM App. I.2", "from A(0) ≠ 0 the limit is P + A(0)(I − P)", "A(0)(I−P) kept",
                    "build/bin/mem-linear --init-std 0.1",
                    [](const ClaimContext& ctx) {
                      const ExperimentResult result = mem::run_linear(mem::linear_presets().front().second, {.seed = ctx.seed});
                      const Comparison& c = result.comparison("from A(0)");
                      return mem_detail::headline_claim(
                          ctx, result, "mem-linear", "from A(0)",
                          fmt::format("‖A(∞) − P‖_F = {:.6f} equals ‖A(0)(I − P)‖_F = {:.6f} (gap {:.1e}): the part "
                                      "of the initialisation orthogonal to the data is never removed.",
                                      c.measured, *c.theory, mem_detail::number(result.measured, "noisy_init_deviation")));
                    }});
  claims.push_back({"mem-phispan", "MEM Thm 1", "sigmoid layer by GD from 0 → φ⁻¹(X) X⁺ (rank n)", "φ⁻¹(X) X⁺",
                    "build/bin/mem-phi-span", [](const ClaimContext& ctx) {
                      const mem::PhiSpanSettings s = mem::phi_span_presets().front().second;
                      const ExperimentResult result = mem::run_phi_span(s, {.seed = ctx.seed + 2});
                      return mem_detail::headline_claim(
                          ctx, result, "mem-phi-span", "max|A",
                          fmt::format("d = {}, n = {} examples with entries in (0, 1); {}. Trained rank {} (n = {}).",
                                      s.dim, s.examples, result.notes.at(0),
                                      result.measured.at("rank").get<int>(), s.examples));
                    }});
  claims.push_back({"mem-thm3", "MEM Thm 3", "wide random-feature ReLU AE, one example: λ1 → ‖x‖²/(‖x‖²+1)",
                    "‖x‖²/(‖x‖²+1)", "build/bin/mem-relu-wide --preset paper  (width 100,000, ‖x‖ = 0.5, 1, 3)",
                    [](const ClaimContext& ctx) {
                      const ExperimentResult result =
                          mem::run_relu_wide(mem::relu_wide_presets().front().second, {.seed = ctx.seed + 3});
                      const Json& run = result.measured.at("runs").at(0);
                      const Comparison& c = result.comparisons.at(0);
                      return mem_detail::headline_claim(
                          ctx, result, "mem-relu-wide", "‖x‖ = 1",
                          fmt::format("‖x‖ = 1, d = 4, width 20000: trained λ1 {:.5f}, exact finite-width formula "
                                      "{:.5f}, k → ∞ limit {:.5f}.",
                                      c.measured, mem_detail::number(run, "exact_lambda"), *c.theory));
                    }});
  claims.push_back({"mem-piecewise", "MEM Thm 6/7", "piecewise-linear ReLU map: attractors and error ≤ ε",
                    "slope < 1, error ≤ ε", "build/bin/mem-piecewise --preset paper  (an exact construction)",
                    [](const ClaimContext& ctx) {
                      const mem::PiecewiseSettings s = mem::piecewise_presets().front().second;
                      const ExperimentResult result = mem::run_piecewise(s, {.seed = ctx.seed + 4});
                      const Comparison& c = result.comparisons.at(0);
                      return mem_detail::headline_claim(
                          ctx, result, "mem-piecewise", "max |f(z) − z|",
                          fmt::format("d = {}, n = {}, ε = {:g}: largest |f(z) − z| over {} uniform z is {:.6f}; "
                                      "largest spectral radius at the x_i {:.4f}; hidden units (2n+1)d = {} "
                                      "(MEM states (n+1)d, which cannot hold 2n breakpoints per coordinate).",
                                      s.dim, s.examples, s.epsilon, s.samples, c.measured,
                                      mem_detail::number(result.measured, "max_spectral_radius"),
                                      result.measured.at("hidden_units").get<int>()));
                    }});
}

}  // namespace memo::verify
