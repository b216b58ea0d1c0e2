#include "lib/experiments/ntk/radius.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "datasets/synthetic.hpp"
#include "lib/core/random.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/ntk/autoencoder.hpp"
#include "theory/initial_jacobian.hpp"
#include "theory/kernel_regression.hpp"
#include "theory/ntk_regimes.hpp"

namespace memo::ntk {

namespace {

// The runs of one width that reached the loss, their points one after another (data set by data set).
TrainedAndPredicted pooled(const std::vector<TrainedAndPredicted>& runs) {
  TrainedAndPredicted into;
  for (const TrainedAndPredicted& run : runs) {
    if (!run.converged) continue;
    into.predicted.insert(into.predicted.end(), run.predicted.begin(), run.predicted.end());
    into.trained.insert(into.trained.end(), run.trained.begin(), run.trained.end());
    into.initial.insert(into.initial.end(), run.initial.begin(), run.initial.end());
    into.trained_norm.insert(into.trained_norm.end(), run.trained_norm.begin(), run.trained_norm.end());
    into.initial_norm.insert(into.initial_norm.end(), run.initial_norm.begin(), run.initial_norm.end());
  }
  return into;
}

// ρ of eq. 5's kernel term X K̃⁻¹ ∂k_x/∂x alone (f0 = 0, J0 = 0) at the first point of X: the
// part whose norm §4.4 shows tends to ½ as r grows (slowly: K̃_ii = r/(4π√n0) + O(1), eq. 7).
double kernel_term(const Mat& X) {
  const Eigen::Index n0 = X.rows();
  const KernelRegression fit = fit_kernel_regression(make_kernel(parse_activation("sigmoid"), 2), X, Mat::Zero(n0, X.cols()));
  return spectral_radius(predicted_jacobian(fit, X.col(0), Mat::Zero(n0, n0)));
}

template <typename T>
int index_of(const std::vector<T>& values, T value) {
  return static_cast<int>(std::find(values.begin(), values.end(), value) - values.begin());
}

// A run as a sweep row (scalar columns: one per quantity and training point) and back.
Json to_row(const TrainedAndPredicted& run) {
  Json row = {{"training_error", run.training_error}, {"epochs", run.epochs}, {"converged", run.converged}};
  for (size_t p = 0; p < run.trained.size(); ++p) {
    row[fmt::format("predicted_{}", p)] = run.predicted[p];
    row[fmt::format("trained_{}", p)] = run.trained[p];
    row[fmt::format("initial_{}", p)] = run.initial[p];
    row[fmt::format("trained_norm_{}", p)] = run.trained_norm[p];
    row[fmt::format("initial_norm_{}", p)] = run.initial_norm[p];
  }
  return row;
}

double column(const Json& row, const std::string& key) {
  const Json& v = row.at(key);
  return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

TrainedAndPredicted from_row(const Json& row, int points) {
  TrainedAndPredicted run;
  run.training_error = column(row, "training_error");
  run.epochs = row.at("epochs").get<long>();
  run.converged = row.at("converged").get<bool>();
  for (int p = 0; p < points; ++p) {
    run.predicted.push_back(column(row, fmt::format("predicted_{}", p)));
    run.trained.push_back(column(row, fmt::format("trained_{}", p)));
    run.initial.push_back(column(row, fmt::format("initial_{}", p)));
    run.trained_norm.push_back(column(row, fmt::format("trained_norm_{}", p)));
    run.initial_norm.push_back(column(row, fmt::format("initial_norm_{}", p)));
  }
  return run;
}

}  // namespace

std::vector<std::pair<std::string, RadiusSettings>> radius_presets() {
  RadiusSettings quick;
  quick.radii = {4, 8, 16, 32};
  quick.widths = {1000, 4000, 16000};
  RadiusSettings paper = quick;  // NTK §5.3, Fig. 3(a): n0 = 32, 5 points, 100 repetitions
  paper.radii = {4, 8, 16, 32, 64};
  paper.widths = {1000, 4000, 16000, 32000};
  paper.repetitions = 100;
  paper.max_epochs = 1000000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_radius(const RadiusSettings& s, const ExperimentContext& context) {
  const int radii = static_cast<int>(s.radii.size()), widths = static_cast<int>(s.widths.size());
  const auto radius_seed = [&](int i) { return i == 0 ? context.seed : run_seed(context.seed, 2000000 + i); };
  const auto data_set = [&](int i, int k) {
    Rng rng(run_seed(radius_seed(i), s.seed_stream + k));
    return sphere_points(s.n0, s.points, s.radii[i], rng);
  };
  // point (radius i, width w), repetition k = data set k; seeds as in the header, not the sweep's own
  sweep::Sweep sweep;
  sweep.name = "ntk-radius";
  for (int i = 0; i < radii; ++i)
    for (int w = 0; w < widths; ++w) sweep.points.push_back({{"radius", s.radii[i]}, {"width", s.widths[w]}});
  sweep.repetitions = s.repetitions;
  sweep.run = [&](const Json& point, int k, std::uint64_t) {
    const int i = index_of(s.radii, point.at("radius").get<double>());
    const int w = index_of(s.widths, point.at("width").get<int>());
    return to_row(train_and_predict(data_set(i, k), s.widths[w],
                                    run_seed(radius_seed(i), s.seed_stream + 100 + k * widths + w), s.nodes, s.tol,
                                    s.max_epochs));
  };
  const auto rows = run_experiment_sweep(context, sweep, settings_json(s));
  if (!rows) return {};
  // run (i, k, w): radius i, data set k, width w
  const int per_radius = s.repetitions * widths;
  std::vector<TrainedAndPredicted> runs(radii * per_radius);
  for (int i = 0; i < radii; ++i)
    for (int w = 0; w < widths; ++w)
      for (int k = 0; k < s.repetitions; ++k)
        runs[i * per_radius + k * widths + w] = from_row((*rows)[(i * widths + w) * s.repetitions + k], s.points);

  ExperimentResult out;
  out.notes.push_back("the radii and widths of NTK Fig. 3 are not printed: chosen by the preset");
  out.rows = CsvTable({"radius", "width", "repetition", "point", "predicted_spectral_radius", "trained_spectral_radius",
                       "initial_spectral_radius", "trained_operator_norm", "initial_operator_norm", "epochs", "converged"});
  Json measured_radii = Json::array(), measured_runs = Json::array();
  std::string figure_data;
  const Activation sigmoid = parse_activation("sigmoid");
  const long converged = std::count_if(runs.begin(), runs.end(), [](const TrainedAndPredicted& run) { return run.converged; });
  out.comparisons.push_back(compare_abs(fmt::format("runs trained to loss < {:g}", s.tol), "all kept (NTK §5.3)",
                                        std::nullopt, converged, runs.size(), 0));
  for (int i = 0; i < radii; ++i) {
    const double r = s.radii[i];
    std::vector<TrainedAndPredicted> by_width;
    for (int w = 0; w < widths; ++w) {
      std::vector<TrainedAndPredicted> of_width;
      for (int k = 0; k < s.repetitions; ++k) {
        const TrainedAndPredicted& run = runs[i * per_radius + k * widths + w];
        of_width.push_back(run);
        for (size_t p = 0; p < run.trained.size(); ++p)
          out.rows.add_row({r, static_cast<long>(s.widths[w]), static_cast<long>(k), static_cast<long>(p),
                            run.predicted[p], run.trained[p], run.initial[p], run.trained_norm[p], run.initial_norm[p],
                            run.epochs, static_cast<long>(run.converged)});
        measured_runs.push_back({{"radius", r}, {"width", s.widths[w]}, {"repetition", k}, {"epochs", run.epochs},
                                 {"converged", run.converged}, {"mean_gap", run.mean_gap()}, {"largest_gap", run.largest_gap()},
                                 {"training_error", run.training_error}, {"mean_trained", mean(run.trained)},
                                 {"mean_predicted", mean(run.predicted)}, {"mean_initial", mean(run.initial)}});
      }
      by_width.push_back(pooled(of_width));
    }
    const TrainedAndPredicted &narrow = by_width.front(), &wide = by_width.back();
    Json entry = {{"radius", r}};
    for (int w = 0; w < widths; ++w)
      entry["widths"].push_back({{"width", s.widths[w]}, {"mean_trained", mean(by_width[w].trained)},
                                 {"mean_predicted", mean(by_width[w].predicted)},
                                 {"mean_initial", mean(by_width[w].initial)}, {"mean_gap", by_width[w].mean_gap()},
                                 {"root_width_gap", by_width[w].mean_gap() * std::sqrt(double(s.widths[w]))}});
    const bool measured_every_width =
        std::all_of(by_width.begin(), by_width.end(), [](const TrainedAndPredicted& w) { return !w.trained.empty(); });
    if (widths >= 2 && measured_every_width) {
      Comparison c{fmt::format("r = {:g}: mean ρ(J) at width {} vs kernel ρ(J∞)", r, s.widths.back()), "J∞ of eq. 3",
                   mean(wide.predicted), mean(wide.trained),
                   fmt::format("mean |Δρ|·√width at width {} ≤ 2× its value at {} (NTK O(1/√m) rate)", s.widths.back(),
                               s.widths.front()),
                   follows_ntk_rate(narrow.mean_gap(), s.widths.front(), wide.mean_gap(), s.widths.back())};
      out.comparisons.push_back(c);
    }
    if (r >= s.large_radius_factor * std::sqrt(double(s.n0)) && measured_every_width) {
      const Mat X = data_set(i, 0);
      const double J0_theory = predict_initial_jacobian(make_kernel(sigmoid, 2), X.col(0)).operator_norm;
      bool bounded = true;
      double slack = 1e300;
      for (const TrainedAndPredicted& width_runs : by_width)
        for (size_t p = 0; p < width_runs.trained.size(); ++p) {
          const double bound = large_radius_jacobian_bound(width_runs.initial_norm[p]);
          bounded = bounded && width_runs.trained_norm[p] <= bound;
          slack = std::min(slack, bound - width_runs.trained_norm[p]);
        }
      out.comparisons.push_back({fmt::format("r = {:g}: mean ρ(J) at width {} under ½ + ‖J0‖", r, s.widths.back()),
                                 "→ ½", large_radius_jacobian_bound(J0_theory), mean(wide.trained),
                                 "trained ‖J‖_op ≤ ½ + ‖J0‖ at every point", bounded});
      entry["predicted_initial_norm"] = J0_theory;
      entry["smallest_margin_under_bound"] = slack;
      entry["kernel_term"] = kernel_term(X);
      entry["kernel_term_at_2r"] = kernel_term(2 * X);
    }
    measured_radii.push_back(entry);
    figure_data += fmt::format("{:g}", r);
    for (const TrainedAndPredicted& width_runs : by_width) figure_data += fmt::format(" {:.6f}", mean(width_runs.trained));
    figure_data += fmt::format(" {:.6f}\n", mean(wide.predicted));
  }
  out.measured = {{"radii", measured_radii}, {"runs", measured_runs}, {"linear_region_radius", linear_region_radius(s.n0)}};

  out.files.emplace_back("radius.dat", figure_data);
  std::string plot = fmt::format(
      "set xlabel 'input radius r'\nset ylabel 'largest |λ| of the trained J'\nset logscale x\nset yrange [0:1.1]\n"
      "set key bottom left\nset title 'NTK Fig. 3: n0 = {}, {} points, repetitions per radius: {}'\nplot ",
      s.n0, s.points, s.repetitions);
  for (int w = 0; w < widths; ++w)
    plot += fmt::format("'$OUT/radius.dat' using 1:{} with linespoints title 'trained, width {}', ", w + 2, s.widths[w]);
  plot += fmt::format("'$OUT/radius.dat' using 1:{} with linespoints dashtype 2 title 'kernel ρ(J∞), width {}', "
                      "0.5 with lines dashtype 3 title '½'",
                      widths + 2, s.widths.back());
  out.figures.push_back({"radius.png", plot});
  return out;
}

}  // namespace memo::ntk
