#include "lib/experiments/ntk/beyond.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "datasets/synthetic.hpp"
#include "lib/core/random.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/ntk/autoencoder.hpp"

namespace memo::ntk {

namespace {

// Share of (unit, example) pairs whose pre-activation z = W1 x / √n0 exceeds t in modulus.
double saturated_share(const Mlp& net, const Mat& X, double t) {
  const Mat Z = net.layers[0].forward_scale * (net.layers[0].weight.value * X);
  return static_cast<double>((Z.array().abs() > t).count()) / static_cast<double>(Z.size());
}

double relative_distance(const Mat& W, const Mat& W0) { return (W - W0).norm() / W0.norm(); }

double mean_of(const std::vector<double>& v) { return v.empty() ? std::nan("") : mean(v); }

Json run_one(const BeyondSettings& s, double radius, std::uint64_t seed) {
  Rng data_rng(run_seed(seed, 1));
  const Mat X = sphere_points(s.n0, s.points, radius, data_rng);
  Mlp net = autoencoder(s.n0, s.width, "sigmoid", run_seed(seed, 2));
  const Mlp initial = net;
  const TrainedAndPredicted trained = train_and_predict_in_place(net, X, s.nodes, s.tol, s.max_epochs);
  if (!std::isfinite(trained.training_error))
    throw Diverged(fmt::format("r = {:g}, width {}: training diverged", radius, s.width));
  double modulus_sum = 0;
  for (Eigen::Index i = 0; i < X.cols(); ++i) modulus_sum += eigenvalues(jacobian(net, X.col(i))).cwiseAbs().sum();
  return {{"epochs", trained.epochs}, {"converged", trained.converged}, {"training_error", trained.training_error},
          {"mean_spectral_radius", mean(trained.trained)}, {"mean_kernel_spectral_radius", mean(trained.predicted)},
          {"mean_initial_spectral_radius", mean(trained.initial)},
          {"mean_modulus", modulus_sum / static_cast<double>(X.cols() * X.rows())},
          {"saturated_initial", saturated_share(initial, X, s.saturation)},
          {"saturated_trained", saturated_share(net, X, s.saturation)},
          {"first_layer_distance", relative_distance(net.layers[0].weight.value, initial.layers[0].weight.value)},
          {"second_layer_distance", relative_distance(net.layers[1].weight.value, initial.layers[1].weight.value)}};
}

}  // namespace

double expected_saturated_share(double radius, int n0, double threshold) {
  return std::erfc(threshold * std::sqrt(double(n0)) / (radius * std::sqrt(2.0)));
}

std::vector<std::pair<std::string, BeyondSettings>> beyond_presets() {
  BeyondSettings quick;
  BeyondSettings paper = quick;
  paper.width = 1000;
  paper.repetitions = 100;
  paper.radii = {4, 8, 16, 32, 64, 128, 256};
  paper.max_epochs = 1000000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_beyond(const BeyondSettings& s, const ExperimentContext& context) {
  check_kernel_radii(s.radii, s.n0);
  for (size_t p = 1; p < s.radii.size(); ++p)
    if (s.radii[p] <= s.radii[p - 1]) throw Error(fmt::format("--radii: {:g} after {:g}: expected increasing radii",
                                                              s.radii[p], s.radii[p - 1]));
  sweep::Sweep sweep;
  sweep.name = "ntk-beyond";
  for (double r : s.radii) sweep.points.push_back({{"radius", r}});
  sweep.repetitions = s.repetitions;
  sweep.run = [&](const Json& point, int, std::uint64_t seed) { return run_one(s, point.at("radius").get<double>(), seed); };
  const auto rows = run_experiment_sweep(context, sweep, settings_json(s));
  if (!rows) return {};

  ExperimentResult out;
  out.notes.push_back("NTK §4.5 gives neither the width nor the radii: chosen by the preset");
  const char* keys[] = {"mean_spectral_radius", "mean_kernel_spectral_radius", "mean_modulus", "saturated_initial",
                        "saturated_trained", "first_layer_distance", "second_layer_distance"};
  Json measured = Json::array();
  std::string data;
  std::vector<Json> entries;
  for (size_t p = 0; p < s.radii.size(); ++p) {
    const double r = s.radii[p];
    Json entry = {{"radius", r}, {"runs", s.repetitions}};
    int converged = 0;
    data += fmt::format("{:g}", r);
    for (const char* key : keys) {
      std::vector<double> all, kept;
      for (int k = 0; k < s.repetitions; ++k) {
        const Json& row = (*rows)[p * s.repetitions + k];
        all.push_back(sweep::row_number(row, key));
        if (row.at("converged").get<bool>()) kept.push_back(all.back());
      }
      converged = static_cast<int>(kept.size());
      const Quartiles q = quartiles(all);
      entry[key] = mean_of(all);
      if (!kept.empty()) entry[std::string(key) + "_converged"] = mean_of(kept);
      data += fmt::format(" {:.6g} {:.6g} {:.6g}", mean_of(all), q.lower, q.upper);
    }
    data += "\n";
    entry["converged_runs"] = converged;
    entry["expected_saturated_initial"] = expected_saturated_share(r, s.n0, s.saturation);
    if (converged < s.repetitions)
      out.notes.push_back(fmt::format("r = {:g}: {} of {} runs stopped before loss {:g} (kept in the means)", r,
                                      s.repetitions - converged, s.repetitions, s.tol));
    // At initialisation each unit's z is N(0, r²/n0) at each example; units are independent,
    // so the share over width·repetitions units has standard error √(p(1 − p)/(width·reps)).
    const double p_sat = entry["expected_saturated_initial"].get<double>();
    const double error = std::sqrt(p_sat * (1 - p_sat) / (double(s.width) * s.repetitions));
    out.comparisons.push_back(compare_abs(fmt::format("r = {:g}: saturated share at init", r), "", p_sat,
                                          entry["saturated_initial"].get<double>(), p_sat, 4 * error + 1e-12));
    out.comparisons.back().tolerance = fmt::format("|Δ| ≤ 4 standard errors ({:.2g}); theory: erfc(t√n0/(r√2))", 4 * error);
    entries.push_back(entry);
    measured.push_back(entry);
  }
  out.measured = {{"radii", measured}};

  // §4.5: at the largest radius the trained network has left the NTK regime: ρ(J) below the
  // kernel's ρ(J∞) and below its own value at the first radius past the linear region 2√n0.
  if (s.radii.size() > 1) {
    const Json& last = entries.back();
    const double rho = last.at("mean_spectral_radius"), kernel = last.at("mean_kernel_spectral_radius");
    out.comparisons.push_back(compare_range(fmt::format("r = {:g}: mean ρ(J) below the kernel ρ(J∞)", s.radii.back()),
                                            "→ 0 (§4.5)", kernel, rho, 0, kernel));
    const auto edge = std::find_if(entries.begin(), entries.end(), [&](const Json& e) {
      return e.at("radius").get<double>() > 2 * std::sqrt(double(s.n0));
    });
    if (edge != entries.end() && &*edge != &last)
      out.comparisons.push_back(compare_range(
          fmt::format("r = {:g}: mean ρ(J) below its value at r = {:g}", s.radii.back(), edge->at("radius").get<double>()),
          "collapse toward 0", edge->at("mean_spectral_radius").get<double>(), rho, 0,
          edge->at("mean_spectral_radius").get<double>()));
    const double near = entries.front().at("first_layer_distance"), far = last.at("first_layer_distance");
    out.comparisons.push_back(compare_range(
        fmt::format("‖ΔW1‖/‖W1(0)‖ at r = {:g} above r = {:g}", s.radii.back(), s.radii.front()),
        "weights leave init", near, far, near, std::numeric_limits<double>::infinity()));
  }

  out.files.emplace_back("beyond.dat", data);
  // columns: 1 radius, then (mean, lower, upper quartile) of each key in order
  out.figures.push_back(
      {"spectrum.png",
       fmt::format("set xlabel 'input radius r'\nset ylabel '|λ| of the trained J'\nset logscale x\nset yrange [0:*]\n"
                   "set key top right\nset title 'NTK §4.5: width {} fixed, n0 = {}, {} examples, {} networks per "
                   "radius'\nplot '$OUT/beyond.dat' using 1:3:4 with filledcurves fs transparent solid 0.2 lc 1 notitle, "
                   "'$OUT/beyond.dat' using 1:2 with linespoints lc 1 title 'largest |λ|', '$OUT/beyond.dat' using 1:5 "
                   "with linespoints dashtype 2 lc 2 title 'kernel ρ(J∞), eq. 3', '$OUT/beyond.dat' using 1:8 with "
                   "linespoints lc 3 title 'mean |λ|'",
                   s.width, s.n0, s.points, s.repetitions)});
  out.figures.push_back(
      {"saturation.png",
       fmt::format("set xlabel 'input radius r'\nset ylabel 'share / relative distance'\nset logscale x\nset key top left\n"
                   "set title 'NTK §4.5: saturated units (|z| > {:g}) and weight movement, width {}'\nplot "
                   "'$OUT/beyond.dat' using 1:11 with linespoints title 'saturated, init', '$OUT/beyond.dat' using 1:14 "
                   "with linespoints title 'saturated, trained', '$OUT/beyond.dat' using 1:17 with linespoints title "
                   "'‖ΔW1‖/‖W1(0)‖', '$OUT/beyond.dat' using 1:20 with linespoints title '‖ΔW2‖/‖W2(0)‖'",
                   s.saturation, s.width)});
  return out;
}

}  // namespace memo::ntk
