// Fig. 2's summary of the single-example runs (lib/experiments/ntk/single_example.hpp).
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "lib/experiments/ntk/single_example.hpp"

namespace memo::ntk {

namespace {

// The sweep journals a non-finite number as a string ("nan"): read it back as NaN.
double number(const Json& row, const char* key) {
  const Json& v = row.at(key);
  return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

double average(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? std::numeric_limits<double>::quiet_NaN() : s / static_cast<double>(v.size());
}

struct Setting {
  std::string activation;
  int width = 0, depth = 0;
  double radius = 0;
  bool kernel = false;
  int converged = 0, step_limit = 0, diverged = 0;
  // over the runs that reached the loss (the paper's), and over every finite run
  std::vector<double> difference, kernel_difference, gap, trained_update, kernel_update, difference_all, empirical_theta;
  double mean_difference() const { return average(difference); }
};

// The settings in canonical order, with their runs.
std::vector<Setting> collect(const SingleExampleSettings& s, const std::vector<Json>& rows) {
  std::vector<Setting> settings;
  for (size_t i = 0; i < rows.size(); i += s.repetitions) {
    const Json& first = rows[i];
    Setting g{.activation = first.at("activation"), .width = first.at("width"), .depth = first.at("depth"),
              .radius = first.at("radius"), .kernel = first.at("kernel")};
    for (int rep = 0; rep < s.repetitions; ++rep) {
      const Json& row = rows[i + rep];
      const std::string status = row.at("status");
      if (status == "diverged") {
        ++g.diverged;
        continue;
      }
      g.difference_all.push_back(number(row, "difference"));
      g.empirical_theta.push_back(number(row, "empirical_theta"));
      if (status != "converged") {
        ++g.step_limit;
        continue;
      }
      ++g.converged;
      g.difference.push_back(number(row, "difference"));
      g.trained_update.push_back(number(row, "trained_update_norm"));
      if (g.kernel) {
        g.kernel_difference.push_back(number(row, "kernel_difference"));
        g.kernel_update.push_back(number(row, "kernel_update_norm"));
        g.gap.push_back(std::abs(number(row, "trained_spectral_radius") - number(row, "kernel_spectral_radius")));
      }
    }
    settings.push_back(std::move(g));
  }
  return settings;
}

std::string table_cell(double v) { return std::isnan(v) ? std::string() : fmt::format("{:.9g}", v); }

}  // namespace

ExperimentResult summarize_single_example(const SingleExampleSettings& s, const std::vector<Json>& rows) {
  ExperimentResult out;
  out.notes.push_back("NTK Fig. 2 prints no radii: chosen by the preset");
  out.rows = CsvTable({"activation", "width", "depth", "radius", "repetition", "initial_spectral_radius",
                       "trained_spectral_radius", "kernel_spectral_radius", "difference", "kernel_difference",
                       "trained_update_norm", "kernel_update_norm", "empirical_theta", "epochs", "status"});
  for (const Json& row : rows)
    out.rows.add_row({row.at("activation").get<std::string>(), row.at("width").get<long>(), row.at("depth").get<long>(),
                      row.at("radius").get<double>(), row.at("repetition").get<long>(),
                      table_cell(number(row, "initial_spectral_radius")), table_cell(number(row, "trained_spectral_radius")),
                      table_cell(number(row, "kernel_spectral_radius")), table_cell(number(row, "difference")),
                      table_cell(number(row, "kernel_difference")), table_cell(number(row, "trained_update_norm")),
                      table_cell(number(row, "kernel_update_norm")), table_cell(number(row, "empirical_theta")),
                      row.at("epochs").get<long>(),
                      row.at("status").get<std::string>()});

  const std::vector<Setting> settings = collect(s, rows);
  const int total = s.repetitions;
  const int shallow = *std::min_element(s.depths.begin(), s.depths.end());
  const int deep = *std::max_element(s.depths.begin(), s.depths.end());
  const int narrow = *std::min_element(s.widths.begin(), s.widths.end());
  const int wide = *std::max_element(s.widths.begin(), s.widths.end());
  const auto find = [&](const std::string& a, int w, int L, double r) -> const Setting& {
    return *std::find_if(settings.begin(), settings.end(), [&](const Setting& g) {
      return g.activation == a && g.width == w && g.depth == L && g.radius == r;
    });
  };
  // mean over radii of the per-radius mean difference (radii where some run reached the loss)
  const auto over_radii = [&](const std::string& a, int w, int L) {
    std::vector<double> means;
    for (double r : s.radii)
      if (const Setting& g = find(a, w, L, r); !g.difference.empty()) means.push_back(g.mean_difference());
    return average(means);
  };

  Json measured = Json::array();
  long converged = 0, runs = 0;
  for (const Setting& g : settings) {
    converged += g.converged, runs += total;
    const SingleExampleLimit limit = single_example_limit(parse_activation(g.activation), g.depth, s.n0, g.radius, s.nodes);
    const Quartiles q = g.difference.empty() ? Quartiles{} : quartiles(g.difference);
    const Quartiles u = g.trained_update.empty() ? Quartiles{} : quartiles(g.trained_update);
    Json e = {{"activation", g.activation}, {"width", g.width}, {"depth", g.depth}, {"radius", g.radius},
              {"converged", g.converged}, {"step_limit", g.step_limit}, {"diverged", g.diverged},
              {"mean_difference", g.mean_difference()}, {"difference_lower_quartile", q.lower},
              {"difference_median", q.median}, {"difference_upper_quartile", q.upper},
              {"mean_difference_all_finite_runs", average(g.difference_all)},
              {"mean_trained_update_norm", average(g.trained_update)}, {"trained_update_lower_quartile", u.lower},
              {"trained_update_upper_quartile", u.upper}, {"kernel_theta", limit.theta},
              {"mean_empirical_theta", average(g.empirical_theta)},
              {"kernel_nngp", limit.nngp}, {"kernel_nngp_dot", limit.nngp_dot}};
    if (g.kernel)
      e.update({{"mean_kernel_difference", average(g.kernel_difference)},
                {"mean_trained_kernel_gap", average(g.gap)},
                {"mean_kernel_update_norm", average(g.kernel_update)},
                {"infinite_width_update_norm", limit.update_norm}});
    measured.push_back(e);
    if (g.kernel && !g.gap.empty() && average(g.gap) > 2 / std::sqrt(double(g.width)))
      out.notes.push_back(fmt::format("{}, width {}, L = {}, r = {:g}: mean |ρ(J) − ρ(J∞)| = {:.3f} exceeds 2/√width "
                                      "here (trained change {:.4f}, kernel {:.4f})",
                                      g.activation, g.width, g.depth, g.radius, average(g.gap), g.mean_difference(),
                                      average(g.kernel_difference)));
    if (g.converged < total)
      out.notes.push_back(fmt::format("{}, width {}, L = {}, r = {:g}: {} of {} runs reached loss < {:g} ({} stopped at "
                                      "the step limit, {} diverged)",
                                      g.activation, g.width, g.depth, g.radius, g.converged, total, s.tol,
                                      g.step_limit, g.diverged));
  }
  out.measured = {{"settings", measured}};
  out.comparisons.push_back(compare_abs(fmt::format("runs trained to loss < {:g}", s.tol),
                                        "the paper keeps those that are", std::nullopt, converged, runs, 0));

  for (const std::string& a : activation_list(s.activations)) {
    const bool relu = a == "relu";
    for (int w : s.widths) {
      if (shallow == deep) break;
      const double ratio = over_radii(a, w, deep) / over_radii(a, w, shallow);
      const std::string quantity = fmt::format("{}, width {}: mean | |λ1(J0)| − |λ1(J)| |, L = {} / L = {}", a, w, deep,
                                               shallow);
      if (relu)  // EXT 1 reads a large difference at 4 layers
        out.comparisons.push_back(compare_range(quantity, "large at L = 4 (EXT 1)", std::nullopt, ratio, 1, 1e300));
      else
        out.comparisons.push_back(compare_range(quantity, "falls with depth (Fig. 2)", std::nullopt, ratio, 0, 1));
    }
    for (int w : s.widths)
      for (int L : s.depths) {
        std::vector<double> gaps, trained, kernel;
        for (double r : s.radii) {
          const Setting& g = find(a, w, L, r);
          if (!g.kernel) continue;
          gaps.insert(gaps.end(), g.gap.begin(), g.gap.end());
          kernel.insert(kernel.end(), g.kernel_difference.begin(), g.kernel_difference.end());
          trained.insert(trained.end(), g.difference.begin(), g.difference.end());
        }
        if (gaps.empty()) continue;
        // the trained network is its linearisation up to O(1/√m) (Lee et al. 2019)
        const double allowed = 2 / std::sqrt(double(w));
        Comparison c{fmt::format("{}, width {}, L = {}: mean | |λ1(J0)| − |λ1(J)| | vs kernel J∞", a, w, L),
                     "J∞ of eq. 3", average(kernel), average(trained),
                     fmt::format("mean over runs of |ρ(J) − ρ(J∞)| ≤ 2/√width = {:.3f}", allowed),
                     average(gaps) <= allowed};
        out.comparisons.push_back(c);
      }
    if (narrow != wide) {  // EXT 2 reads the 2-layer difference at width 50 as twice Fig. 2's
      const double ratio = over_radii(a, narrow, shallow) / over_radii(a, wide, shallow);
      out.comparisons.push_back(compare_range(fmt::format("{}, L = {}: mean difference, width {} / width {}", a, shallow,
                                                          narrow, wide),
                                              "about 2 (EXT 2)", std::nullopt, ratio, 1.5, 2.5));
    }
  }

  // Fig. 2 per activation and width: mean over the runs that reached the loss, band = quartiles
  for (const std::string& a : activation_list(s.activations))
    for (int w : s.widths) {
      std::string data;
      const std::string stem = fmt::format("fig2_{}_width{}", a.substr(0, a.find(':')), w);
      std::string plot = fmt::format(
          "set xlabel 'radius r of the training example'\nset ylabel '| |λ1(J0)| − |λ1(J)| |'\nset logscale x\n"
          "set key top left\nset style fill transparent solid 0.2 noborder\n"
          "set title 'NTK Fig. 2: {}, width {}, n0 = {}, {} runs per point (mean, quartile band)'\nplot ",
          a, w, s.n0, s.repetitions);
      for (size_t k = 0; k < s.depths.size(); ++k) {
        const int L = s.depths[k];
        const size_t before = data.size();
        for (double r : s.radii) {
          const Setting& g = find(a, w, L, r);
          if (g.difference.empty()) continue;
          const Quartiles q = quartiles(g.difference);
          data += fmt::format("{:g} {:.6g} {:.6g} {:.6g} {:.6g}\n", r, g.mean_difference(), q.lower, q.upper,
                              g.kernel ? average(g.kernel_difference) : 0.0);
        }
        data += "\n\n";
        if (data.size() == before + 2) continue;  // no run of this depth reached the loss: nothing to draw
        const bool kernel = find(a, w, L, s.radii.front()).kernel;
        plot += fmt::format("{}'$OUT/{}.dat' index {} using 1:3:4 with filledcurves lc {} notitle, "
                            "'' index {} using 1:2 with linespoints lc {} title 'trained, L = {}'",
                            plot.ends_with("plot ") ? "" : ", ", stem, k, k + 1, k, k + 1, L);
        if (kernel)
          plot += fmt::format(", '' index {} using 1:5 with lines dashtype 2 lc {} title 'kernel J∞ (eq. 3), L = {}'", k,
                              k + 1, L);
      }
      out.files.emplace_back(stem + ".dat", data);
      out.figures.push_back({stem + ".png", plot});
    }
  return out;
}

}  // namespace memo::ntk
