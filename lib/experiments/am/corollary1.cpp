#include "lib/experiments/am/corollary1.hpp"

#include <cmath>
#include <fmt/format.h>

#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/am/rank_one_fit.hpp"
#include "theory/rank_one.hpp"
#include "theory/rank_one_networks.hpp"

namespace memo::am {

std::vector<std::pair<std::string, Corollary1Settings>> corollary1_presets() {
  Corollary1Settings quick;
  return {{"quick", quick}, {"paper", quick}};
}

ExperimentResult run_corollary1(const Corollary1Settings& s, const ExperimentContext& context) {
  Rng rng(context.seed);
  const Vec x = random_unit_vector(s.dim, rng);
  const Activation act = parse_activation(s.act);
  const Mlp net = rank_one::interpolating_non_attractor(x, act, s.k, s.v);  // Error when |e_φ(v)| ≤ 1
  const double interpolation = (forward(net, Mat(x)) - x).norm();
  Vec z = x + s.perturbation * random_unit_vector(s.dim, rng);
  const double start = (z - x).norm();
  for (int i = 0; i < s.iterations; ++i) z = forward(net, Mat(z));
  const double end = (z - x).norm();
  const ComplexVec eig = eigenvalues(jacobian(net, x));

  ExperimentResult out;
  Comparison cmp;
  cmp.quantity = "λ1 = e_φ(v)";
  cmp.paper = "|λ1| > 1";
  cmp.theory = elasticity(act, s.v);
  cmp.measured = eig(0).real();
  cmp.tolerance = fmt::format("λ1 = e_φ({:g}) to 1e-9, ‖f(x) − x‖ < 1e-12, perturbation grows", s.v);
  cmp.agrees = std::abs(cmp.measured - *cmp.theory) < 1e-9 && interpolation < 1e-12 && end > 100 * start;
  out.comparisons.push_back(cmp);
  out.measured = {{"interpolation_error", interpolation},
                  {"lambda1_imag", eig(0).imag()},
                  {"second_eigenvalue", eig.size() > 1 ? std::abs(eig(1)) : 0.0},
                  {"perturbation_start", start},
                  {"perturbation_end", end},
                  {"u", rank_one::interpolating_u(act, s.k, s.v)}};
  return out;
}

}  // namespace memo::am
