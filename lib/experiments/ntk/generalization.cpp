#include "lib/experiments/ntk/generalization.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <optional>

#include "datasets/synthetic.hpp"
#include "lib/core/random.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/ntk/autoencoder.hpp"
#include "theory/kernel_regression.hpp"

namespace memo::ntk {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// NTK's loss (1/2n)Σ‖f(x_i) − x_i‖² over the columns of X, given f(X).
double half_mean_loss(const Mat& fX, const Mat& X) { return 0.5 * (fX - X).colwise().squaredNorm().mean(); }

Json number_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

double number(const Json& row, const std::string& key) {
  const Json& v = row.at(key);
  return v.is_number() ? v.get<double>() : kNaN;
}

Json run_once(const GeneralizationSettings& s, int setting, int repetition, std::uint64_t seed) {
  const GeneralizationSetup setup = generalization_setup(setting);
  Rng data_rng(generalization_data_seed(seed, repetition));
  SphereOptions sphere{.positive_orthant = s.positive};
  double radius = s.radius;
  if (setup.mixed_norms) {
    radius = s.mixed_min;
    sphere.radius_max = s.mixed_max;
  }
  const Mat all = sphere_points(s.n0, setup.train + setup.validation, radius, data_rng, sphere);
  const Mat X = all.leftCols(setup.train), V = all.rightCols(setup.validation);
  Mlp net = autoencoder(s.n0, setup.width, "sigmoid", generalization_network_seed(seed, setting, repetition));

  // NTK eq. 2 from this network's f0: the validation loss of the kernel interpolant. Its
  // quadrature grows with the pre-activation sd (check_kernel_radii), so not at mixed norms.
  double kernel_validation_loss = kNaN;
  if (all.colwise().norm().maxCoeff() <= 50 * std::sqrt(double(s.n0))) {
    const KernelRegression fit = fit_kernel_regression(make_kernel(net.activation, 2, s.nodes), X, forward(net, X));
    const Mat f0V = forward(net, V);
    Mat predicted(V.rows(), V.cols());
    for (Eigen::Index j = 0; j < V.cols(); ++j) predicted.col(j) = predicted_output(fit, V.col(j), f0V.col(j));
    kernel_validation_loss = half_mean_loss(predicted, V);
  }

  const std::vector<long> steps = curve_steps(std::max(s.max_epochs, s.mixed_max_epochs));
  std::vector<double> train_curve, validation_curve;
  TrainOptions options{.tol = setup.loose ? s.loose_tol : s.tol,
                       .max_epochs = setup.mixed_norms ? s.mixed_max_epochs : s.max_epochs,
                       .quiet = true,
                       .keep_history = false};
  options.on_epoch = [&](long epoch, double loss) {
    if (train_curve.size() < steps.size() && epoch == steps[train_curve.size()]) {
      train_curve.push_back(loss);
      validation_curve.push_back(half_mean_loss(forward(net, V), V));
    }
  };
  Optimizer gd(Sgd{.lr = 1}, parameters(net));
  const TrainResult result = train(net, X, X, LossKind::half_sum_over_n, gd, options);
  const bool diverged = result.status == TrainStatus::diverged;
  const double train_loss = diverged ? kNaN : result.final_loss;
  const double validation_loss = diverged ? kNaN : half_mean_loss(forward(net, V), V);
  while (train_curve.size() < steps.size()) {  // the network no longer changes after the run stops
    train_curve.push_back(train_loss);
    validation_curve.push_back(validation_loss);
  }

  // Attractors: ρ(J) < 1 at a training point (NTK §2)
  int attractors = 0;
  double largest = 0;
  if (!diverged)
    for (Eigen::Index i = 0; i < X.cols(); ++i) {
      const double rho = spectral_radius(jacobian(net, X.col(i)));
      attractors += rho < 1;
      largest = std::max(largest, rho);
    }

  Json row = {{"status", diverged ? "diverged" : result.converged() ? "converged" : "step limit"},
              {"epochs", result.epochs},
              {"train_loss", train_loss},
              {"validation_loss", validation_loss},
              {"kernel_validation_loss", kernel_validation_loss},
              {"attractor_fraction", diverged ? kNaN : double(attractors) / double(X.cols())},
              {"largest_spectral_radius", diverged ? kNaN : largest}};
  for (size_t k = 0; k < steps.size(); ++k) {
    row[fmt::format("train_{}", steps[k])] = train_curve[k];
    row[fmt::format("validation_{}", steps[k])] = validation_curve[k];
  }
  return row;
}

double median_of(const std::vector<Json>& rows, const std::string& key) {
  std::vector<double> values;
  for (const Json& row : rows)
    if (const double v = number(row, key); std::isfinite(v)) values.push_back(v);
  return values.empty() ? kNaN : quartiles(values).median;
}

}  // namespace

GeneralizationSetup generalization_setup(int setting) {
  switch (setting) {
    case 1: return {.width = 1000, .train = 100, .validation = 30};
    case 2: return {.width = 1000, .train = 50, .validation = 20};
    case 3: return {.width = 100, .train = 100, .validation = 30};
    case 4: return {.width = 50, .train = 100, .validation = 30, .loose = true};
    case 5: return {.width = 1000, .train = 100, .validation = 30, .mixed_norms = true};
  }
  throw Error(fmt::format("--settings {}: expected 1 to 5 (the report's Table 1 rows)", setting));
}

std::uint64_t generalization_data_seed(std::uint64_t seed, int repetition) { return run_seed(seed, repetition); }

std::uint64_t generalization_network_seed(std::uint64_t seed, int setting, int repetition) {
  return run_seed(seed, 1000000 * static_cast<std::uint64_t>(setting) + repetition);
}

std::vector<long> curve_steps(long max_epochs) {
  std::vector<long> steps{0};
  for (long decade = 1; decade <= max_epochs; decade *= 10)
    for (long m : {1, 2, 5})
      if (m * decade <= max_epochs) steps.push_back(m * decade);
  return steps;
}

std::vector<std::pair<std::string, GeneralizationSettings>> generalization_presets() {
  GeneralizationSettings quick;
  GeneralizationSettings paper = quick;
  paper.repetitions = 100;
  paper.max_epochs = 1000000;
  paper.mixed_max_epochs = 5000;  // setting 5's validation loss is flat from step 1,000 on (header)
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_generalization(const GeneralizationSettings& s, const ExperimentContext& context) {
  if (s.mixed_max <= s.mixed_min)
    throw Error(fmt::format("--mixed-max {:g}: expected more than --mixed-min {:g}", s.mixed_max, s.mixed_min));
  for (int setting : s.settings) generalization_setup(setting);
  sweep::Sweep sweep;
  sweep.name = "ext-generalization";
  for (int setting : s.settings) sweep.points.push_back({{"setting", setting}});
  sweep.repetitions = s.repetitions;
  sweep.run = [&](const Json& point, int k, std::uint64_t) { return run_once(s, point.at("setting").get<int>(), k, context.seed); };
  const auto rows = run_experiment_sweep(context, sweep, settings_json(s));
  if (!rows) return {};

  const std::vector<long> steps = curve_steps(std::max(s.max_epochs, s.mixed_max_epochs));
  ExperimentResult out;
  out.notes.push_back("the report prints no repetitions, step limit, validation distribution or loss units: "
                      "validation points drawn like the training points, losses in NTK's (1/2n)Σ‖f(x) − x‖²");
  out.rows = CsvTable({"setting", "width", "train_points", "validation_points", "repetition", "status", "epochs",
                       "train_loss", "validation_loss", "kernel_validation_loss", "attractor_fraction",
                       "largest_spectral_radius"});
  CsvTable curves({"setting", "step", "median_train_loss", "median_validation_loss"});
  Json measured = Json::array();
  std::vector<double> gaps(6, kNaN), validation_fall(6, kNaN), attractors(6, kNaN), kernel(6, kNaN), trained(6, kNaN);
  std::string figure_data;
  for (size_t p = 0; p < s.settings.size(); ++p) {
    const int setting = s.settings[p];
    const GeneralizationSetup setup = generalization_setup(setting);
    const std::vector<Json> of_setting(rows->begin() + p * s.repetitions, rows->begin() + (p + 1) * s.repetitions);
    long converged = 0, stopped = 0, diverged = 0;
    std::vector<double> gap;
    for (int k = 0; k < s.repetitions; ++k) {
      const Json& row = of_setting[k];
      const std::string status = row.at("status").get<std::string>();
      converged += status == "converged";
      stopped += status == "step limit";
      diverged += status == "diverged";
      if (status != "diverged") gap.push_back(number(row, "validation_loss") - number(row, "train_loss"));
      out.rows.add_row({static_cast<long>(setting), static_cast<long>(setup.width), static_cast<long>(setup.train),
                        static_cast<long>(setup.validation), static_cast<long>(k), status, row.at("epochs").get<long>(),
                        number(row, "train_loss"), number(row, "validation_loss"), number(row, "kernel_validation_loss"),
                        number(row, "attractor_fraction"), number(row, "largest_spectral_radius")});
    }
    const double kernel_loss = median_of(of_setting, "kernel_validation_loss");
    for (long step : steps) {
      const double train = median_of(of_setting, fmt::format("train_{}", step));
      const double validation = median_of(of_setting, fmt::format("validation_{}", step));
      curves.add_row({static_cast<long>(setting), step, train, validation});
      figure_data += fmt::format("{} {:.9g} {:.9g} {:.9g}\n", step + 1, train, validation, kernel_loss);
    }
    figure_data += "\n\n";
    gaps[setting] = gap.empty() ? kNaN : quartiles(gap).median;
    trained[setting] = median_of(of_setting, "validation_loss");
    kernel[setting] = kernel_loss;
    attractors[setting] = median_of(of_setting, "attractor_fraction");
    validation_fall[setting] = trained[setting] / median_of(of_setting, "validation_0");
    measured.push_back({{"setting", setting}, {"width", setup.width}, {"train_points", setup.train},
                        {"validation_points", setup.validation}, {"converged", converged}, {"step_limit", stopped},
                        {"diverged", diverged}, {"median_train_loss", number_or_null(median_of(of_setting, "train_loss"))},
                        {"median_validation_loss", number_or_null(trained[setting])},
                        {"median_gap", number_or_null(gaps[setting])},
                        {"median_gap_per_coordinate", number_or_null(2 * gaps[setting] / s.n0)},
                        {"median_kernel_validation_loss", number_or_null(kernel[setting])},
                        {"median_initial_train_loss", number_or_null(median_of(of_setting, "train_0"))},
                        {"median_initial_validation_loss", number_or_null(median_of(of_setting, "validation_0"))},
                        {"median_attractor_fraction", number_or_null(attractors[setting])}});
    out.comparisons.push_back(compare_abs(fmt::format("setting {}: runs reaching loss {:g}", setting,
                                                      setup.loose ? s.loose_tol : s.tol),
                                          "all", std::nullopt, converged, s.repetitions, 0));
  }
  out.measured = {{"settings", measured}};
  out.files.emplace_back("curves.csv", curves.str());
  out.files.emplace_back("curves.dat", figure_data);

  const auto has = [&](int setting) { return std::isfinite(gaps[setting]); };
  // The report's gaps are read off its Figs. 3-4: a factor 2 either way. Theory: the kernel
  // interpolant's gap (its training loss is 0), NTK eq. 2.
  const auto per_coordinate = [&](double loss) { return 2 * loss / s.n0; };
  const auto theory = [](double v) { return std::isfinite(v) ? std::optional<double>(v) : std::nullopt; };
  if (has(1)) {
    out.comparisons.push_back(compare_range("setting 1: median validation − training loss", "≈ 0.1", theory(kernel[1]),
                                            gaps[1], 0.05, 0.2));
    out.comparisons.push_back(compare_range("setting 1: per-coordinate validation − training loss (2/n0 ×)", "≈ 0.1",
                                            theory(per_coordinate(kernel[1])), per_coordinate(gaps[1]), 0.05, 0.2));
    out.comparisons.push_back(compare_range("setting 1: median fraction of training points that attract", "attractors",
                                            std::nullopt, attractors[1], 1, 1));
  }
  // NTK eq. 2 on the same data at widths 100 (setting 3) and 1000 (setting 1): the trained
  // network's distance from its kernel interpolant shrinks like 1/√m (follows_ntk_rate)
  if (has(1) && has(3) && std::isfinite(kernel[1]) && std::isfinite(kernel[3])) {
    const double narrow = std::abs(trained[3] - kernel[3]), wide = std::abs(trained[1] - kernel[1]);
    out.comparisons.push_back({"setting 1: median validation loss vs kernel f∞ (NTK eq. 2)", "", kernel[1], trained[1],
                               "|Δ|·√width at 1000 ≤ 2× its value at 100 (setting 3, same points)",
                               follows_ntk_rate(narrow, 100, wide, 1000)});
  }
  if (has(2))
    out.comparisons.push_back(compare_range("setting 2: per-coordinate validation − training loss (2/n0 ×)",
                                            "≈ 0.2 (2× setting 1)", theory(per_coordinate(kernel[2])),
                                            per_coordinate(gaps[2]), 0.1, 0.4));
  if (has(1) && has(2))
    out.comparisons.push_back(compare_range("setting 2 / setting 1: gap ratio", "≈ 2", std::nullopt, gaps[2] / gaps[1],
                                            std::sqrt(2.0), 2 * std::sqrt(2.0)));
  if (has(5))
    out.comparisons.push_back(compare_range("setting 5: final / initial median validation loss",
                                            "does not decrease", std::nullopt, validation_fall[5], 0.9, 1e300));

  std::string plot =
      "set xlabel 'GD step + 1'\nset ylabel 'loss (1/2n)Σ‖f(x) − x‖² (median)'\nset logscale xy\nset key outside right\n"
      "set title 'EXT 3: training (solid), validation (dashed) and kernel f∞ validation (dotted) loss'\nplot ";
  for (size_t p = 0; p < s.settings.size(); ++p) {
    const GeneralizationSetup setup = generalization_setup(s.settings[p]);
    plot += fmt::format(
        "'$OUT/curves.dat' index {0} using 1:2 with lines linecolor {1} title 'setting {2}: width {3}, {4}/{5}{6}', "
        "'' index {0} using 1:3 with lines dashtype 2 linecolor {1} notitle, "
        "'' index {0} using 1:4 with lines dashtype 3 linecolor {1} notitle, ",
        p, p + 1, s.settings[p], setup.width, setup.train, setup.validation,
        setup.mixed_norms ? ", mixed norms" : setup.loose ? ", to 1e-2" : "");
  }
  plot.resize(plot.size() - 2);
  out.figures.push_back({"curves.png", plot});
  return out;
}

}  // namespace memo::ntk
