#include "lib/experiments/ntk/init_norm.hpp"

#include <cmath>
#include <fmt/format.h>

#include "lib/core/random.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/ntk/autoencoder.hpp"
#include "theory/initial_jacobian.hpp"

namespace memo::ntk {

std::vector<std::pair<std::string, InitNormSettings>> init_norm_presets() {
  InitNormSettings quick;
  InitNormSettings paper = quick;
  paper.depths = {2, 3, 4};
  paper.repetitions = 100;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_init_norm(const InitNormSettings& s, const ExperimentContext& context) {
  const int depths = static_cast<int>(s.depths.size());
  // One run = one random network's J0(0); a sweep over depths × repetitions (resumable, over
  // --threads, MPI ranks, --shard). Each network's seed is a function of --seed, its depth and
  // its repetition only.
  const auto depth_seed = [&](int layers) { return layers == 2 ? context.seed : run_seed(context.seed, 3000 + layers); };
  sweep::Sweep sweep;
  sweep.name = "ntk-init-norm";
  for (int layers : s.depths) sweep.points.push_back({{"layers", layers}});
  sweep.repetitions = s.repetitions;
  sweep.run = [&](const Json& point, int k, std::uint64_t) {
    const int layers = point.at("layers");
    std::vector<int> widths(layers + 1, s.width);
    widths.front() = widths.back() = s.n0;
    Rng rng(run_seed(depth_seed(layers), 100 + k));
    const Mlp net = make_mlp(widths, parse_activation("sigmoid"), Parametrization::ntk, false, rng);
    const Mat J0 = jacobian(net, Vec::Zero(s.n0));  // = ¼ W1 W0/√(n0 n1) at L = 2
    return Json{{"operator_norm", operator_norm(J0)}, {"spectral_radius", spectral_radius(J0)}};
  };
  const auto rows = run_experiment_sweep(context, sweep, settings_json(s));
  if (!rows) return {};
  std::vector<double> norms, radii;
  for (const Json& row : *rows) {
    norms.push_back(sweep::row_number(row, "operator_norm"));
    radii.push_back(sweep::row_number(row, "spectral_radius"));
  }

  const double scale = 0.5 * std::pow(2.0, -2.0 / 3) * std::pow(double(s.n0), -2.0 / 3);  // per unit of ‖J0‖ limit
  const double finite_n0_factor = std::sqrt(1 - 0.5 / s.n0) + scale * -1.2065;
  ExperimentResult out;
  out.rows = CsvTable({"layers", "network", "operator_norm", "spectral_radius"});
  Json measured = Json::array();
  double previous = 0, previous_theory = 0;
  for (int d = 0; d < depths; ++d) {
    const int layers = s.depths[d];
    const std::vector<double> of_depth(norms.begin() + d * s.repetitions, norms.begin() + (d + 1) * s.repetitions);
    const std::vector<double> radii_of_depth(radii.begin() + d * s.repetitions, radii.begin() + (d + 1) * s.repetitions);
    for (int k = 0; k < s.repetitions; ++k)
      out.rows.add_row({static_cast<long>(layers), static_cast<long>(k), of_depth[k], radii_of_depth[k]});
    const InitialJacobianPrediction theory =
        predict_initial_jacobian(make_kernel(parse_activation("sigmoid"), layers), Vec::Zero(s.n0));
    const double expected = theory.operator_norm * finite_n0_factor;
    const double standard_error = theory.operator_norm * scale * 1.2680 / std::sqrt(double(s.repetitions));
    const double measured_norm = mean(of_depth);
    Comparison c{fmt::format("L = {}: mean ‖J0(0)‖_op", layers), layers == 2 ? "≈ ½" : "",
                 theory.operator_norm, measured_norm,
                 fmt::format("|mean − {:.4f}| < 4 standard errors = {:.4f} (Tracy–Widom at n0 = {})", expected,
                             4 * standard_error, s.n0),
                 std::abs(measured_norm - expected) < 4 * standard_error};
    out.comparisons.push_back(c);
    if (d > 0 && s.depths[d - 1] == layers - 1)
      out.comparisons.push_back(compare_range(fmt::format("L = {}: ‖J0‖ over its value at L = {}", layers, layers - 1),
                                              "≤ ¼ (eq. 4)", theory.operator_norm / previous_theory, measured_norm / previous, 0, 0.25));
    measured.push_back({{"layers", layers}, {"mean_operator_norm", measured_norm}, {"finite_n0_expectation", expected},
                        {"standard_error", standard_error}, {"mean_spectral_radius", mean(radii_of_depth)},
                        {"predicted_operator_norm", theory.operator_norm},
                        {"predicted_spectral_radius", theory.spectral_radius}});
    previous = measured_norm;
    previous_theory = theory.operator_norm;
  }
  out.measured = {{"depths", measured}};
  return out;
}

}  // namespace memo::ntk
