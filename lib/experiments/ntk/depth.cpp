#include "lib/experiments/ntk/depth.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace memo::ntk {

std::vector<std::pair<std::string, SingleExampleSettings>> depth_presets() {
  auto presets = single_example_presets();
  for (auto& [name, settings] : presets) {
    settings.depths = {2, 3, 4, 5};
    if (name == "quick") settings.radii = {1, 8};
  }
  return presets;
}

ExperimentResult run_depth(const SingleExampleSettings& s, const ExperimentContext& context) {
  const auto rows = single_example_runs(s, context, "ntk-depth");
  if (!rows) return {};
  ExperimentResult fig2 = summarize_single_example(s, *rows);
  ExperimentResult out;
  out.notes = fig2.notes;
  out.notes.front() = "NTK §4.2 prints no radii and shows L ≤ 4 (Fig. 2): radii and L = 5 are the preset's";
  out.rows = fig2.rows;
  out.measured = fig2.measured;
  out.comparisons.push_back(fig2.comparisons.front());  // runs trained to the loss

  const Json& settings = fig2.measured.at("settings");
  const auto entry = [&](const std::string& a, int w, int L, double r) -> const Json& {
    return *std::find_if(settings.begin(), settings.end(), [&](const Json& e) {
      return e.at("activation") == a && e.at("width") == w && e.at("depth") == L && e.at("radius") == r;
    });
  };
  const auto value = [](const Json& e, const char* key) {
    return e.contains(key) && e.at(key).is_number() ? e.at(key).get<double>() : std::nan("");
  };
  std::vector<int> depths = s.depths;
  std::sort(depths.begin(), depths.end());
  double smallest_theta = 1e300, largest_chi = 0, worst_empirical = 0;
  for (const std::string& a : activation_list(s.activations))
    for (int w : s.widths) {
      const double allowed = 2 / std::sqrt(double(w));
      for (double r : s.radii) {
        bool falls = true;
        for (size_t k = 1; k < depths.size(); ++k)
          falls = falls && value(entry(a, w, depths[k], r), "mean_trained_update_norm") <
                               value(entry(a, w, depths[k - 1], r), "mean_trained_update_norm");
        const double ratio = value(entry(a, w, depths.back(), r), "mean_trained_update_norm") /
                             value(entry(a, w, depths.front(), r), "mean_trained_update_norm");
        out.comparisons.push_back({fmt::format("{}, width {}, r = {:g}: mean ‖J − J0‖_op, L = {} / L = {}", a, w, r,
                                               depths.back(), depths.front()),
                                   "shrinks with depth (§4.2)", std::nullopt, ratio,
                                   "falls from each depth to the next", falls && !std::isnan(ratio)});
      }
      for (int L : depths) {
        double trained = 0, limit = 0;
        for (double r : s.radii) {
          const Json& e = entry(a, w, L, r);
          trained += value(e, "mean_trained_update_norm") / double(s.radii.size());
          limit += value(e, "infinite_width_update_norm") / double(s.radii.size());
          smallest_theta = std::min(smallest_theta, value(e, "kernel_theta"));
          largest_chi = std::max(largest_chi, value(e, "kernel_nngp_dot"));
          worst_empirical =
              std::max(worst_empirical, std::abs(value(e, "mean_empirical_theta") - value(e, "kernel_theta")) / allowed);
        }
        if (!std::isnan(limit))
          out.comparisons.push_back({fmt::format("{}, width {}, L = {}: mean over r of ‖J − J0‖_op", a, w, L),
                                     "rms ‖J∞ − J0‖ at infinite width", limit, trained,
                                     fmt::format("|Δ| ≤ 2/√width = {:.3f}", allowed),
                                     std::abs(trained - limit) <= allowed});
      }
    }
  out.comparisons.push_back(compare_range("smallest Θ^L(x1, x1) over depths and radii", "≥ ¼ (Lemma 5)", 0.25,
                                          smallest_theta, 0.25, 1e300));
  out.comparisons.push_back(compare_range("largest Σ̇^L(x1, x1) = E[σ'(u)²] (χ of §4.2)", "≤ 1/16", 1.0 / 16,
                                          largest_chi, 0, 1.0 / 16));
  Comparison empirical{"mean empirical NTK at x1 vs Θ^L(x1, x1), worst setting", "", std::nullopt, worst_empirical,
                       "|Δ| ≤ 2/√width (measured: |Δ| in units of 2/√width)", worst_empirical <= 1};
  out.comparisons.push_back(empirical);
  out.measured["smallest_kernel_theta"] = smallest_theta;
  out.measured["largest_nngp_dot"] = largest_chi;

  // ‖J − J0‖_op against depth, per radius: trained (mean, quartile band), the kernel prediction
  // per network and its infinite-width size
  for (const std::string& a : activation_list(s.activations))
    for (int w : s.widths) {
      const std::string stem = fmt::format("update_{}_width{}", a.substr(0, a.find(':')), w);
      std::string data, plot = fmt::format(
          "set xlabel 'weight matrices L'\nset ylabel '‖J − J0‖_op at the training example'\nset logscale y\n"
          "set xtics 1\nset key top right\nset style fill transparent solid 0.2 noborder\n"
          "set title 'NTK §4.2: {}, width {}, n0 = {}, {} runs per point'\nplot ", a, w, s.n0, s.repetitions);
      for (size_t i = 0; i < s.radii.size(); ++i) {
        for (int L : depths) {
          const Json& e = entry(a, w, L, s.radii[i]);
          if (std::isnan(value(e, "mean_trained_update_norm"))) continue;
          data += fmt::format("{} {:.6g} {:.6g} {:.6g} {:.6g} {:.6g}\n", L, value(e, "mean_trained_update_norm"),
                              value(e, "mean_kernel_update_norm"), value(e, "infinite_width_update_norm"),
                              value(e, "trained_update_lower_quartile"), value(e, "trained_update_upper_quartile"));
        }
        data += "\n\n";
        plot += fmt::format("{}'$OUT/{}.dat' index {} using 1:5:6 with filledcurves lc {} notitle, "
                            "'' index {} using 1:2 with linespoints lc {} title 'trained, r = {:g}', "
                            "'' index {} using 1:3 with lines dashtype 2 lc {} title 'kernel J∞ (eq. 3)', "
                            "'' index {} using 1:4 with lines dashtype 3 lc {} title 'infinite width'",
                            i ? ", " : "", stem, i, i + 1, i, i + 1, s.radii[i], i, i + 1, i, i + 1);
      }
      out.files.emplace_back(stem + ".dat", data);
      out.figures.push_back({stem + ".png", plot});
    }
  return out;
}

}  // namespace memo::ntk
