// verify claims from AM (Radhakrishnan, Belkin, Uhler 2020), Thm 1–4: real networks in the
// rank-one forms, trained by GD with the paper's learning rate 1e-4, against theory/rank_one.
#pragma once
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "apps/verify_claim.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/nn/train.hpp"
#include "theory/rank_one.hpp"
#include "theory/rank_one_networks.hpp"
#include "theory/span_invariant.hpp"

namespace memo::verify {

namespace am_detail {

inline Vec unit_vector(int d, Rng& rng) {
  const Vec x = random_normal(d, 1, rng);
  return x / x.norm();
}

// GD on ½‖y − f(x)‖² (half_sum_over_n with one example), as AM trains: lr 1e-4 follows the
// gradient flow to O(lr), so trained and flow λ1 agree to about 1e-4.
inline TrainResult fit(Mlp& net, const Vec& x, const Vec& y, double lr = 1e-4) {
  Optimizer gd(Sgd{.lr = lr}, parameters(net));
  TrainResult result = train(net, Mat(x), Mat(y), LossKind::half_sum_over_n, gd,
                             {.tol = 1e-14, .max_epochs = 2000000, .quiet = true, .keep_history = false});
  if (!result.converged()) throw Error("training did not converge: " + result.describe());
  return result;
}

// A rank-one chain trained on one example; returns (theory λ1, trained top |eigenvalue|).
// When the paper prints a number (paper_value, with `digits` decimals), the theory must also
// round to it: |theory − paper| ≤ ½·10^−digits.
inline ClaimResult chain_claim(const std::string& act_name, const std::vector<int>& widths,
                               const std::vector<double>& init, unsigned long seed, double relative_tol,
                               double paper_value = NAN, int digits = 0) {
  const Activation act = parse_activation(act_name);
  Rng rng(seed);
  const Vec x = unit_vector(8, rng);
  const auto theory = rank_one::solve_chain(act, widths, init);
  Mlp net = rank_one::chain_network(x, x, act, widths, init);
  const TrainResult trained = fit(net, x, x);
  const ComplexVec eig = eigenvalues(jacobian(net, x));
  ClaimResult r;
  r.comparison.theory = theory.lambda;
  r.comparison.measured = std::abs(eig(0));
  const double tol = relative_tol * std::max(1.0, std::abs(theory.lambda));
  r.comparison.tolerance = fmt::format("|Δ| ≤ {:g}", tol);
  r.comparison.agrees = std::abs(r.comparison.measured - theory.lambda) <= tol;
  if (!std::isnan(paper_value)) {
    const double rounding = 0.5 * std::pow(10.0, -digits);
    r.comparison.tolerance += fmt::format("; |theory − paper| ≤ {:g}", rounding);
    r.comparison.agrees = r.comparison.agrees && std::abs(theory.lambda - paper_value) <= rounding;
  }
  r.detail = fmt::format("{} chain, hidden widths {}, init {}, d = 8; GD lr 1e-4 for {} steps to loss {:.1e}. "
                         "Trained λ1 = {:.6f}, theory {:.6f}; second |eigenvalue| {:.1e} (rank one).",
                         act_name, fmt::join(widths, ","), fmt::join(init, ","), trained.epochs,
                         trained.final_loss, r.comparison.measured, theory.lambda, eig.size() > 1 ? std::abs(eig(1)) : 0.0);
  return r;
}

}  // namespace am_detail

inline void add_am_claims(std::vector<Claim>& claims) {
  claims.push_back({"am-thm1", "AM Thm 1–2", "sigmoid, k = 2, u0 = v0 = 1: top eigenvalue e_φ(v)", "0.263",
                    "build/bin/theory rank1 --act sigmoid --k 2 --u0 1 --v0 1 (quick = paper: GD lr 1e-4)",
                    [](const ClaimContext& ctx) { return am_detail::chain_claim("sigmoid", {2}, {1, 1}, ctx.seed, 1e-3, 0.263, 3); }});
  for (int k = 1; k <= 3; ++k) {
    static const char* paper[] = {".6", ".28", ".16"};
    static const double paper_value[] = {0.6, 0.28, 0.16};
    claims.push_back({fmt::format("am-exp2-k{}", k), "AM §3 example", fmt::format("exp2, k = {}, u0 = v0 = 0: λ1 = e_φ(v)", k), paper[k - 1],
                      fmt::format("build/bin/theory rank1 --act exp2 --k {} --u0 0 --v0 0", k),
                      [k](const ClaimContext& ctx) { return am_detail::chain_claim("exp2", {k}, {0, 0}, ctx.seed + k, 1e-3, paper_value[k - 1], k == 1 ? 1 : 2);
                      }});
  }
  claims.push_back({"am-deep-power", "AM App. C", "φ = z³, 3 hidden layers (2,3,2): λ1 = m^{d−1} = 27",
                    "m^(d−1)", "build/bin/theory deep-rank1 --act power:3 --widths 2,3,2 --init 1,0.5,0.3,0.5",
                    [](const ClaimContext& ctx) {
                      return am_detail::chain_claim("power:3", {2, 3, 2}, {1, 0.5, 0.3, 0.5}, ctx.seed + 4, 1e-3);
                    }});
  claims.push_back({"am-deep-sigmoid", "AM App. C", "sigmoid chain (3,4,2): λ1 = ∏ elasticities", "∏ e_φ(p_i)",
                    "build/bin/theory deep-rank1 --act sigmoid --widths 3,4,2 --init 1,0.5,0.5,0.5",
                    [](const ClaimContext& ctx) {
                      return am_detail::chain_claim("sigmoid", {3, 4, 2}, {1, 0.5, 0.5, 0.5}, ctx.seed + 5, 1e-2);
                    }});
  claims.push_back({"am-thm4", "AM Thm 3–4", "composed sequence maps: λ1 = ∏ e_φ(v^(i))", "∏ λ_i", "build/bin/verify --only am-thm4  (the quick run is the paper's setting: GD lr 1e-4)",
                    [](const ClaimContext& ctx) {
                      Rng rng(ctx.seed + 6);
                      const Vec x1 = am_detail::unit_vector(8, rng), x2 = am_detail::unit_vector(8, rng);
                      // f1: x1 → x2 (sigmoid, k = 2), f2: x2 → x1 (exp2, k = 1): a closed sequence of length 2
                      const auto t1 = rank_one::solve(parse_activation("sigmoid"), 2, 1, 1);
                      const auto t2 = rank_one::solve(parse_activation("exp2"), 1, 0, 0);
                      Mlp f1 = rank_one::chain_network(x1, x2, parse_activation("sigmoid"), {2}, {1, 1});
                      Mlp f2 = rank_one::chain_network(x2, x1, parse_activation("exp2"), {1}, {0, 0});
                      am_detail::fit(f1, x1, x2);
                      am_detail::fit(f2, x2, x1);
                      const Mat J = jacobian(f2, forward(f1, Mat(x1)).col(0)) * jacobian(f1, x1);  // J_{f2∘f1}(x1)
                      ClaimResult r;
                      r.comparison.theory = rank_one::composition_lambda({t1.lambda, t2.lambda});
                      r.comparison.measured = spectral_radius(J);
                      r.comparison.tolerance = "|Δ| ≤ 1e-3";
                      r.comparison.agrees = std::abs(r.comparison.measured - *r.comparison.theory) <= 1e-3;
                      r.detail = fmt::format("f1: x1 → x2 (sigmoid, k = 2), f2: x2 → x1 (exp2, k = 1), trained by GD "
                                             "lr 1e-4; ρ(J_f2 J_f1) = {:.6f} vs λ1·λ2 = {:.6f}·{:.6f}.",
                                             r.comparison.measured, t1.lambda, t2.lambda);
                      return r;
                    }});
  claims.push_back({"am-cor1", "AM Cor. 1", "u = 1/(kφ(v)), v = −3 interpolates x but repels", "|λ1| > 1", "build/bin/verify --only am-cor1  (an exact construction: no larger scale)",
                    [](const ClaimContext& ctx) {
                      Rng rng(ctx.seed + 7);
                      const Vec x = am_detail::unit_vector(8, rng);
                      const Activation sigmoid = parse_activation("sigmoid");
                      const Mlp net = rank_one::interpolating_non_attractor(x, sigmoid, 2, -3);
                      const double interpolation = (forward(net, Mat(x)) - x).norm();
                      Vec z = x + 1e-6 * am_detail::unit_vector(8, rng);
                      const double start = (z - x).norm();
                      for (int i = 0; i < 8; ++i) z = forward(net, Mat(z));
                      ClaimResult r;
                      r.comparison.theory = elasticity(sigmoid, -3);
                      r.comparison.measured = eigenvalues(jacobian(net, x))(0).real();
                      r.comparison.tolerance = "λ1 = e_φ(−3) to 1e-9, ‖f(x) − x‖ < 1e-12, perturbation grows";
                      r.comparison.agrees = std::abs(r.comparison.measured - *r.comparison.theory) < 1e-9 && interpolation < 1e-12 &&
                                 (z - x).norm() > 100 * start;
                      r.detail = fmt::format("‖f(x) − x‖ = {:.1e}; a perturbation of {:.0e} grows to {:.1e} in 8 "
                                             "iterations: x is a fixed point, not a memory.",
                                             interpolation, start, (z - x).norm());
                      return r;
                    }});
  claims.push_back({"am-span", "AM App. D, Inv. 5", "span-shaped init: f(z) ∈ span{x_i} for every z", "f(z) ∈ span X",
                    "build/bin/verify --only am-span  (an invariant of GD: it holds at any size)",
                    [](const ClaimContext& ctx) {
                      Rng rng(ctx.seed + 8);
                      const int d = 8, n = 3;
                      const Mat X = random_normal(d, n, rng, 0.5);
                      const Mat Z = random_normal(d, 50, rng, 2.0);
                      Mlp net = span_shaped_network(X, parse_activation("tanh"), 16, rng, 0.3);
                      Optimizer gd(Sgd{.lr = 0.05}, parameters(net));
                      const TrainResult fit = train(net, X, X, LossKind::half_sum_over_n, gd,
                                                    {.max_epochs = 3000, .quiet = true, .keep_history = false});
                      ClaimResult r;
                      r.comparison.theory = 0;
                      r.comparison.measured = distance_from_span(X, forward(net, Z));
                      r.comparison.tolerance = "distance < 1e-10";
                      r.comparison.agrees = r.comparison.measured < 1e-10;
                      r.detail = fmt::format("tanh, width 16, 3 examples in R^8, GD 3000 steps to loss {:.1e}; largest "
                                             "distance of f(z) from span(X) over 50 Gaussian inputs z.",
                                             fit.final_loss);
                      return r;
                    }});
}

}  // namespace memo::verify
