#include "lib/experiments/ntk/activations.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <sstream>

#include "datasets/synthetic.hpp"
#include "lib/core/random.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/ntk/autoencoder.hpp"

namespace memo::ntk {

namespace {

std::string bin_column(int b) { return fmt::format("histogram_{}", b); }

double max_of(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }
double mean_of(const std::vector<double>& v) { return v.empty() ? std::nan("") : mean(v); }

// One network: examples, kernel prediction, training, then every eigenvalue modulus of J at
// every example, counted into the histogram's bins.
Json run_one(const ActivationsSettings& s, const std::string& activation, double radius, std::uint64_t seed) {
  Rng data_rng(run_seed(seed, 1));
  const Mat X = sphere_points(s.n0, s.points, radius, data_rng);
  Mlp net = autoencoder(s.n0, s.width, activation, run_seed(seed, 2));
  const TrainedAndPredicted trained = train_and_predict_in_place(net, X, s.nodes, s.tol, s.max_epochs);
  if (!std::isfinite(trained.training_error))
    throw Diverged(fmt::format("{}, r = {:g}, width {}: training diverged", activation, radius, s.width));
  Json row = {{"epochs", trained.epochs}, {"converged", trained.converged}, {"training_error", trained.training_error},
              {"mean_spectral_radius", mean(trained.trained)}, {"max_spectral_radius", max_of(trained.trained)},
              {"mean_kernel_spectral_radius", mean(trained.predicted)},
              {"max_kernel_spectral_radius", max_of(trained.predicted)},
              {"mean_initial_spectral_radius", mean(trained.initial)}};
  std::vector<long> counts(s.bins, 0);
  for (Eigen::Index i = 0; i < X.cols(); ++i)
    for (const auto& lambda : eigenvalues(jacobian(net, X.col(i)))) {
      const int bin = static_cast<int>(std::floor(std::abs(lambda) / s.histogram_max * s.bins));
      ++counts[std::clamp(bin, 0, s.bins - 1)];
    }
  for (int b = 0; b < s.bins; ++b) row[bin_column(b)] = counts[b];
  return row;
}

}  // namespace

std::vector<std::string> activation_names(const std::string& list) {
  std::vector<std::string> names;
  std::stringstream in(list);
  for (std::string name; std::getline(in, name, ',');) {
    if (name != "sigmoid" && name != "tanh" && name != "erf" && name != "sigmoid_erf")
      throw Error(fmt::format("--activations: '{}': expected sigmoid, tanh, erf or sigmoid_erf", name));
    names.push_back(name);
  }
  if (names.empty()) throw Error("--activations: expected a comma-separated list of sigmoid, tanh, erf, sigmoid_erf");
  return names;
}

std::vector<std::pair<std::string, ActivationsSettings>> activations_presets() {
  ActivationsSettings quick;
  ActivationsSettings paper = quick;  // NTK §5.6: width 10,000, n0 = 32, 20 examples
  paper.width = 10000;
  paper.repetitions = 100;
  paper.radii = {1, 2, 4, 8, 16, 32, 64};
  paper.max_epochs = 1000000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_activations(const ActivationsSettings& s, const ExperimentContext& context) {
  const std::vector<std::string> names = activation_names(s.activations);
  check_kernel_radii(s.radii, s.n0);
  sweep::Sweep sweep;
  sweep.name = "ntk-activations";
  for (const std::string& a : names)
    for (double r : s.radii) sweep.points.push_back({{"activation", a}, {"radius", r}});
  sweep.repetitions = s.repetitions;
  sweep.run = [&](const Json& point, int, std::uint64_t seed) {
    return run_one(s, point.at("activation").get<std::string>(), point.at("radius").get<double>(), seed);
  };
  const auto rows = run_experiment_sweep(context, sweep, settings_json(s));
  if (!rows) return {};

  ExperimentResult out;
  out.notes.push_back("NTK Fig. 5 prints neither its radii nor its repetitions: chosen by the preset");
  if (s.width != 10000) out.notes.push_back(fmt::format("width {} (the paper: 10,000)", s.width));
  Json measured = Json::array();
  std::string curves, histograms;
  const double eigenvalues_per_run = double(s.points) * s.n0;
  for (size_t a = 0; a < names.size(); ++a) {
    for (size_t p = 0; p < s.radii.size(); ++p) {
      const double r = s.radii[p];
      const size_t point = a * s.radii.size() + p;
      std::vector<double> kept, all, kernel, kernel_kept;
      // Histogram shares over the converged runs, or over all runs when none converged (said
      // in the notes), so that the figure never shows an empty histogram as a flat line.
      std::vector<double> share(s.bins, 0.0), share_all(s.bins, 0.0);
      int converged = 0;
      for (int k = 0; k < s.repetitions; ++k) {
        const Json& row = (*rows)[point * s.repetitions + k];
        const bool ok = row.at("converged").get<bool>();
        all.push_back(sweep::row_number(row, "max_spectral_radius"));
        kernel.push_back(sweep::row_number(row, "max_kernel_spectral_radius"));
        if (ok) kept.push_back(all.back()), kernel_kept.push_back(kernel.back());
        converged += ok;
        for (int b = 0; b < s.bins; ++b) {
          const double part = sweep::row_number(row, bin_column(b)) / eigenvalues_per_run;
          share_all[b] += part / s.repetitions;
          if (ok) share[b] += part;
        }
      }
      for (double& x : share) x /= std::max(converged, 1);
      if (converged == 0) {
        share = share_all;
        out.notes.push_back(fmt::format("{}, r = {:g}: no run reached loss {:g}; its histogram is over all {} runs",
                                        names[a], r, s.tol, s.repetitions));
      }
      const Quartiles q = quartiles(kept.empty() ? all : kept);
      Json entry = {{"activation", names[a]}, {"radius", r}, {"runs", s.repetitions}, {"converged_runs", converged},
                    {"mean_largest_modulus_all_runs", mean_of(all)}, {"mean_kernel_largest_modulus_all_runs", mean_of(kernel)}};
      if (!kept.empty()) {
        entry["mean_largest_modulus"] = mean_of(kept);
        entry["lower_quartile"] = q.lower;
        entry["upper_quartile"] = q.upper;
        entry["mean_kernel_largest_modulus"] = mean_of(kernel_kept);
      }
      entry["histogram_share"] = share;
      entry["histogram_runs"] = converged > 0 ? "converged" : "all";
      measured.push_back(entry);
      if (converged < s.repetitions)
        out.notes.push_back(fmt::format("{}, r = {:g}: {} of {} runs stopped before loss {:g} (left out of the curves, in "
                                        "the 'all runs' values)",
                                        names[a], r, s.repetitions - converged, s.repetitions, s.tol));
      // columns: radius, mean ρ (converged), quartiles, kernel ρ(J∞), mean ρ over all runs
      curves += fmt::format("{:g} {:.6g} {:.6g} {:.6g} {:.6g} {:.6g}\n", r, mean_of(kept), q.lower, q.upper,
                            mean_of(kernel_kept), mean_of(all));
      for (int b = 0; b < s.bins; ++b)
        histograms += fmt::format("{:.6g} {:.6g}\n", (b + 0.5) * s.histogram_max / s.bins, share[b]);
      histograms += "\n\n";
    }
    curves += "\n\n";
  }
  out.measured = {{"settings", measured}};

  // NTK §5.6: at the largest radius every activation's ρ(J) is below 1; at the smallest, tanh
  // and erf are above 1 (σ'(0) too large for Lemma 3), while the sigmoid, whose Lemma 3 puts its
  // largest |λ| at about 1, stays below both.
  const auto find = [&](const std::string& a, double r) -> const Json* {
    for (const Json& e : measured)
      if (e.at("activation") == a && e.at("radius").get<double>() == r && e.contains("mean_largest_modulus")) return &e;
    return nullptr;
  };
  if (s.radii.size() > 1) {
    const double small = s.radii.front(), large = s.radii.back();
    for (const std::string& a : names) {
      if (const Json* e = find(a, large))
        out.comparisons.push_back(compare_range(fmt::format("{}, r = {:g}: mean ρ(J)", a, large), "< 1",
                                                e->at("mean_kernel_largest_modulus").get<double>(),
                                                e->at("mean_largest_modulus").get<double>(), 0, 1));
      const Json* e = find(a, small);
      if (!e) continue;
      const double rho = e->at("mean_largest_modulus"), kernel = e->at("mean_kernel_largest_modulus");
      if (a == "tanh" || a == "erf") {
        out.comparisons.push_back(compare_range(fmt::format("{}, r = {:g}: mean ρ(J)", a, small), "large (> 1)", kernel,
                                                rho, 1, std::numeric_limits<double>::infinity()));
      } else {
        double below = std::numeric_limits<double>::infinity();
        for (const char* other : {"tanh", "erf"})
          if (const Json* o = find(other, small)) below = std::min(below, o->at("mean_largest_modulus").get<double>());
        if (std::isfinite(below))
          out.comparisons.push_back(compare_range(fmt::format("{}, r = {:g}: mean ρ(J) below tanh's and erf's", a, small),
                                                  "≈ 1 (Lemma 3)", kernel, rho, 0, below));
      }
    }
  }
  for (Comparison& c : out.comparisons) c.tolerance += "; theory: kernel ρ(J∞), eq. 3";

  out.files.emplace_back("largest_modulus.dat", curves);
  out.files.emplace_back("histograms.dat", histograms);
  std::string plot = fmt::format(
      "set xlabel 'input radius r'\nset ylabel 'largest |λ| of the trained J'\nset logscale x\nset key top right\n"
      "set title 'NTK Fig. 5: n0 = {}, {} examples, width {}, {} networks per point (band: quartiles)'\nplot ",
      s.n0, s.points, s.width, s.repetitions);
  for (size_t a = 0; a < names.size(); ++a)
    plot += fmt::format("'$OUT/largest_modulus.dat' index {0} using 1:3:4 with filledcurves fs transparent solid 0.2 "
                        "lc {1} notitle, '$OUT/largest_modulus.dat' index {0} using 1:2 with linespoints lc {1} title "
                        "'{2}', '$OUT/largest_modulus.dat' index {0} using 1:5 with lines dashtype 2 lc {1} title '{2}: "
                        "kernel ρ(J∞)', ",
                        a, a + 1, names[a]);
  plot += "1 with lines dashtype 3 lc 0 title '1'";
  out.figures.push_back({"largest_modulus.png", plot});
  std::string hist = fmt::format("set multiplot layout {},1\nset xlabel '|λ|'\nset ylabel 'share of eigenvalues'\n"
                                 "set key top right\n",
                                 names.size());
  for (size_t a = 0; a < names.size(); ++a) {
    hist += fmt::format("set title 'App. E.4: {}, all {} eigenvalue moduli at the {} examples'\nplot ", names[a], s.n0,
                        s.points);
    for (size_t p = 0; p < s.radii.size(); ++p)
      hist += fmt::format("{}'$OUT/histograms.dat' index {} using 1:2 with steps title 'r = {:g}'", p ? ", " : "",
                          a * s.radii.size() + p, s.radii[p]);
    hist += "\n";
  }
  hist += "unset multiplot";
  out.figures.push_back({"histograms.png", hist});
  return out;
}

}  // namespace memo::ntk
