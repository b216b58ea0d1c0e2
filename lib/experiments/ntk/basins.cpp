#include "lib/experiments/ntk/basins.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <optional>

#include "datasets/image_set.hpp"
#include "datasets/preprocess.hpp"
#include "datasets/selection.hpp"
#include "datasets/synthetic.hpp"
#include "lib/core/random.hpp"
#include "lib/dynamics/corruption.hpp"
#include "lib/dynamics/recovery.hpp"
#include "lib/experiments/ntk/autoencoder.hpp"
#include "lib/dynamics/jacobian.hpp"

namespace memo::ntk {

namespace {

std::string rate_column(const std::string& what, double noise) { return fmt::format("{}_at_{:g}", what, noise); }

// Columns i·copies + c, c < keep, of a CorruptedSet: the first `keep` copies of every example.
CorruptedSet first_copies(const CorruptedSet& set, int copies, int keep) {
  const int examples = static_cast<int>(set.points.cols()) / copies;
  CorruptedSet out;
  out.points.resize(set.points.rows(), examples * keep);
  for (int i = 0; i < examples; ++i)
    for (int c = 0; c < keep; ++c) {
      out.points.col(i * keep + c) = set.points.col(i * copies + c);
      out.source.push_back(i);
    }
  return out;
}

double max_of(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }

double mean_of(const std::vector<double>& v) { return v.empty() ? std::nan("") : mean(v); }

}  // namespace

DynamicalMap kernel_limit_map(const KernelRegression& fit, const Mlp& initial) {
  DynamicalMap f;
  f.dim = static_cast<int>(fit.X.rows());
  f.apply = [&fit, &initial](const Mat& Z) {
    const Mat f0 = forward(initial, Z);
    Mat out(Z.rows(), Z.cols());
    for (Eigen::Index j = 0; j < Z.cols(); ++j) out.col(j) = predicted_output(fit, Z.col(j), f0.col(j));
    return out;
  };
  f.jacobians = [&fit, &initial](const Mat& Z) {
    std::vector<Mat> out;
    for (Eigen::Index j = 0; j < Z.cols(); ++j) out.push_back(predicted_jacobian(fit, Z.col(j), jacobian(initial, Z.col(j))));
    return out;
  };
  return f;
}

namespace {

// One network on the examples X: training, kernel prediction, then every noise level under f
// (and f∞).
template <typename Settings>
Json recovery_run(const Settings& s, const Mat& X, std::uint64_t seed) {
  const double radius = X.col(0).norm();
  Mlp net = autoencoder(static_cast<int>(X.rows()), s.width, "sigmoid", run_seed(seed, 2));
  const Mlp initial = net;
  const TrainedAndPredicted trained = train_and_predict_in_place(net, X, s.nodes, s.tol, s.max_epochs);
  if (!std::isfinite(trained.training_error))
    throw Diverged(fmt::format("r = {:g}, width {}: training diverged (error {})", radius, s.width, trained.training_error));
  Json row = {{"epochs", trained.epochs}, {"converged", trained.converged}, {"training_error", trained.training_error},
              {"mean_spectral_radius", mean(trained.trained)}, {"max_spectral_radius", max_of(trained.trained)},
              {"mean_kernel_spectral_radius", mean(trained.predicted)},
              {"max_kernel_spectral_radius", max_of(trained.predicted)}};

  const DynamicalMap f = mlp_map(net);
  const IterationCriterion criterion = [&] {
    IterationCriterion c = ntk_criterion(s.iterations);
    c.match_mse = s.match_mse;
    return c;
  }();
  IterationCriterion kernel_criterion = criterion;
  kernel_criterion.eigenvalue_test = false;  // ρ at spurious limits of f∞ would cost quadratures, and is not reported
  std::optional<KernelRegression> fit;
  if (s.kernel_copies > 0) fit = fit_kernel_regression(make_kernel(initial.activation, 2, s.nodes), X, forward(initial, X));
  for (size_t j = 0; j < s.noise.size(); ++j) {
    Rng noise_rng(run_seed(seed, 100 + j));
    const CorruptedSet noisy =
        corrupted_copies(X, {.kind = CorruptionKind::gaussian, .amount = s.noise[j]}, s.copies, noise_rng);
    row[rate_column("recovered", s.noise[j])] = recovery(f, X, noisy.points, noisy.source, criterion).rate();
    row[rate_column("nearest_example", s.noise[j])] = nearest_neighbour_recovery_rate(X, noisy.points, noisy.source);
    if (fit) {
      const CorruptedSet few = first_copies(noisy, s.copies, std::min(s.kernel_copies, s.copies));
      row[rate_column("kernel_recovered", s.noise[j])] =
          recovery(kernel_limit_map(*fit, initial), X, few.points, few.source, kernel_criterion).rate();
    }
  }
  return row;
}

// The per-radius summary, comparisons and figures of a basins sweep (rows in canonical order:
// radius, then repetition).
template <typename Settings>
ExperimentResult summarize_basins(const Settings& s, const std::vector<Json>& rows, const std::string& title) {
  ExperimentResult out;
  if (s.kernel_copies > 0)
    out.notes.push_back(fmt::format("the kernel map f∞ is iterated from the first {} of the {} copies per example",
                                    std::min(s.kernel_copies, s.copies), s.copies));
  // Per radius: the basin's size as the mean recovery rate over the noise levels, all runs and
  // converged runs, and its binomial standard error (copies × examples × repetitions × levels).
  Json measured = Json::array();
  std::vector<double> area, area_error;
  std::string curves, spectra;
  int zero_noise_recovered = 0, zero_noise_total = 0;
  const double samples_per_rate = double(s.copies) * s.points;
  for (size_t p = 0; p < s.radii.size(); ++p) {
    const double r = s.radii[p];
    int converged = 0;
    std::vector<double> rho, kernel_rho;
    for (int k = 0; k < s.repetitions; ++k) {
      const Json& row = rows[p * s.repetitions + k];
      converged += row.at("converged").get<bool>();
      rho.push_back(sweep::row_number(row, "mean_spectral_radius"));
      kernel_rho.push_back(sweep::row_number(row, "mean_kernel_spectral_radius"));
    }
    Json entry = {{"radius", r}, {"runs", s.repetitions}, {"converged_runs", converged},
                  {"mean_spectral_radius", mean_of(rho)}, {"mean_kernel_spectral_radius", mean_of(kernel_rho)}};
    spectra += fmt::format("{:g} {:.6g} {:.6g}\n", r, mean_of(rho), mean_of(kernel_rho));
    double sum = 0, variance = 0;
    for (double noise : s.noise) {
      std::vector<double> all, kept, kernel, nearest;
      for (int k = 0; k < s.repetitions; ++k) {
        const Json& row = rows[p * s.repetitions + k];
        const double rate = sweep::row_number(row, rate_column("recovered", noise));
        all.push_back(rate);
        if (row.at("converged").get<bool>()) kept.push_back(rate);
        nearest.push_back(sweep::row_number(row, rate_column("nearest_example", noise)));
        if (s.kernel_copies > 0) kernel.push_back(sweep::row_number(row, rate_column("kernel_recovered", noise)));
        if (noise == 0 && row.at("converged").get<bool>()) {
          zero_noise_recovered += static_cast<int>(std::lround(rate * samples_per_rate));
          zero_noise_total += static_cast<int>(samples_per_rate);
        }
      }
      const Quartiles q = quartiles(all);
      const double m = mean_of(all);
      sum += m;
      variance += m * (1 - m) / (samples_per_rate * s.repetitions);
      Json level = {{"noise", noise}, {"mean_recovery", m}, {"lower_quartile", q.lower}, {"median", q.median},
                    {"upper_quartile", q.upper}, {"mean_nearest_example", mean_of(nearest)}};
      if (!kept.empty()) level["mean_recovery_converged"] = mean_of(kept);
      if (!kernel.empty()) level["mean_kernel_recovery"] = mean_of(kernel);
      entry["noise"].push_back(level);
      curves += fmt::format("{:g} {:g} {:.6g} {:.6g} {:.6g} {:.6g} {:.6g}\n", r, noise, m, q.lower, q.upper,
                            mean_of(kernel), mean_of(kept));
    }
    const double levels = static_cast<double>(s.noise.size());
    area.push_back(sum / levels);
    area_error.push_back(std::sqrt(variance) / levels);
    entry["mean_recovery_over_noise"] = area.back();
    measured.push_back(entry);
    if (converged < s.repetitions)
      out.notes.push_back(fmt::format("r = {:g}: {} of {} runs stopped before loss {:g} (kept in the 'all runs' curves)", r,
                                      s.repetitions - converged, s.repetitions, s.tol));
    curves += "\n\n";
  }
  out.measured = {{"radii", measured}};

  if (zero_noise_total > 0)
    out.comparisons.push_back(compare_abs("noise 0: share of examples recovered (converged runs)", "", 1.0,
                                          double(zero_noise_recovered) / zero_noise_total, 1, 0));
  for (size_t p = 1; p < s.radii.size(); ++p) {
    const double change = area[p] - area[p - 1];
    const double error = 2 * std::hypot(area_error[p], area_error[p - 1]);
    out.comparisons.push_back(
        compare_range(fmt::format("r {:g} → {:g}: change of the mean recovery rate over noise", s.radii[p - 1], s.radii[p]),
                      "≥ 0 (larger r, larger basin)", std::nullopt, change, -error, 1));
    out.comparisons.back().tolerance = fmt::format("≥ −2 binomial standard errors ({:.3f})", -error);
  }

  out.files.emplace_back("recovery.dat", curves);
  out.files.emplace_back("spectral_radius.dat", spectra);
  std::string plot = fmt::format(
      "set xlabel 'noise std s'\nset ylabel 'recovery rate'\nset yrange [0:1.05]\nset key top right\n"
      "set title '{}, {} examples, width {}, {} networks per radius (band: quartiles)'\nplot ",
      title, s.points, s.width, s.repetitions);
  for (size_t p = 0; p < s.radii.size(); ++p) {
    plot += fmt::format("'$OUT/recovery.dat' index {} using 2:4:5 with filledcurves fs transparent solid 0.2 lc {} "
                        "notitle, '$OUT/recovery.dat' index {} using 2:3 with linespoints lc {} title 'r = {:g}', ",
                        p, p + 1, p, p + 1, s.radii[p]);
    if (s.kernel_copies > 0)
      plot += fmt::format("'$OUT/recovery.dat' index {} using 2:6 with lines dashtype 2 lc {} title 'kernel f∞, r = {:g}', ",
                          p, p + 1, s.radii[p]);
  }
  plot.resize(plot.size() - 2);
  out.figures.push_back({"recovery.png", plot});
  out.figures.push_back(
      {"spectral_radius.png",
       "set xlabel 'input radius r'\nset ylabel 'mean ρ(J) at the examples'\nset logscale x\nset key bottom left\n"
       "set title 'trained ρ(J) and kernel ρ(J∞) (NTK eq. 3)'\nplot '$OUT/spectral_radius.dat' using 1:2 with "
       "linespoints title 'trained', '$OUT/spectral_radius.dat' using 1:3 with linespoints dashtype 2 title 'kernel ρ(J∞)', "
       "1 with lines dashtype 3 title '1'"});
  return out;
}

}  // namespace

std::vector<std::pair<std::string, BasinsSettings>> basins_presets() {
  BasinsSettings quick;
  BasinsSettings paper = quick;  // NTK §5.4: width 10,000, n0 = 32, 5 examples, 100 repetitions
  paper.width = 10000;
  paper.repetitions = 100;
  paper.radii = {2, 4, 8, 16, 32, 64};
  paper.noise = {0, 0.25, 0.5, 1, 2, 4, 8, 16};
  paper.copies = 20;
  paper.kernel_copies = 4;
  paper.max_epochs = 1000000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_basins(const BasinsSettings& s, const ExperimentContext& context) {
  check_kernel_radii(s.radii, s.n0);
  sweep::Sweep sweep;
  sweep.name = "ntk-basins";
  for (double r : s.radii) sweep.points.push_back({{"radius", r}});
  sweep.repetitions = s.repetitions;
  sweep.run = [&](const Json& point, int, std::uint64_t seed) {
    Rng data_rng(run_seed(seed, 1));
    return recovery_run(s, sphere_points(s.n0, s.points, point.at("radius").get<double>(), data_rng), seed);
  };
  const auto rows = run_experiment_sweep(context, sweep, settings_json(s));
  if (!rows) return {};

  ExperimentResult out = summarize_basins(s, *rows, fmt::format("NTK Fig. 4a: n0 = {}", s.n0));
  out.notes.insert(out.notes.begin(), "NTK Fig. 4a prints neither the radii, the noise levels nor the number of noisy "
                                      "copies: chosen by the preset");
  if (s.width != 10000) out.notes.insert(out.notes.begin() + 1, fmt::format("width {} (the paper: 10,000)", s.width));
  return out;
}

std::vector<std::pair<std::string, MnistBasinsSettings>> mnist_basins_presets() {
  MnistBasinsSettings quick;
  MnistBasinsSettings paper = quick;  // NTK §5.5 on full-size digits, width and repetitions as §5.4
  paper.downsample = 1;
  paper.width = 10000;
  paper.repetitions = 100;
  paper.copies = 20;
  paper.radii = {14, 28, 56, 112, 224, 448};
  paper.noise = {0, 0.25, 0.5, 1, 2, 4, 8, 16};
  paper.max_epochs = 1000000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_mnist_basins(const MnistBasinsSettings& s, const ExperimentContext& context) {
  if (28 % s.downsample != 0) throw Error(fmt::format("--downsample {}: expected a divisor of 28", s.downsample));
  check_kernel_radii(s.radii, (28 / s.downsample) * (28 / s.downsample));
  const ImageSet set = load_image_set("mnist");
  const int side = set.height / s.downsample;
  // The mean image of the whole training set (block averaging commutes with the mean).
  Vec mean_image = Vec::Zero(set.pixel_count());
  for (Eigen::Index i = 0; i < set.size(); ++i)
    for (int p = 0; p < set.pixel_count(); ++p) mean_image(p) += set.pixels[i * set.pixel_count() + p];
  mean_image /= 255.0 * static_cast<double>(set.size());
  if (s.downsample > 1) mean_image = downsample(mean_image, set.height, set.width, s.downsample).col(0);

  sweep::Sweep sweep;
  sweep.name = "ntk-mnist-basins";
  for (double r : s.radii) sweep.points.push_back({{"radius", r}});
  sweep.repetitions = s.repetitions;
  sweep.run = [&](const Json& point, int, std::uint64_t seed) {
    const auto indices = select_examples(set.labels, {.count = s.points, .seed = run_seed(seed, 1), .balanced = true});
    Mat X = image_columns(set, indices);
    if (s.downsample > 1) X = downsample(X, set.height, set.width, s.downsample);
    X = rescale_to_norm(subtract_mean(X, mean_image), point.at("radius").get<double>());
    return recovery_run(s, X, seed);
  };
  const auto rows = run_experiment_sweep(context, sweep, settings_json(s));
  if (!rows) return {};
  ExperimentResult out = summarize_basins(s, *rows, fmt::format("NTK Fig. 4b: MNIST {}×{}", side, side));
  out.notes.insert(out.notes.begin(),
                   "NTK Fig. 4b gives neither the number of digits, the width, the radii nor the noise levels: chosen by "
                   "the preset");
  if (s.downsample > 1)
    out.notes.insert(out.notes.begin() + 1, fmt::format("digits block-averaged to {}×{} (n0 = {}, the paper: 784)", side,
                                                        side, side * side));
  return out;
}

}  // namespace memo::ntk
