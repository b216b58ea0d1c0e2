#include "lib/experiments/mem/conv_table2.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "lib/core/random.hpp"
#include "lib/experiments/mem/linear_conv_fit.hpp"
#include "lib/experiments/mem/table_readings.hpp"
#include "theory/conv_matrix.hpp"

namespace memo::mem {

using namespace conv_theory;  // the closed forms of theory/conv_matrix

namespace {

struct Row {
  int size, images, layers, skip_every;
  std::string paper_spectrum;  // as printed
  std::vector<double> paper_top;  // the n leading values printed
  double paper_rest_bound;        // "[< bound]"
};

// MEM Table 2, in the paper's order.
const std::vector<Row> kTable2 = {
    {2, 1, 3, 0, "1, [<1e-2]", {1}, 1e-2},
    {3, 1, 9, 0, "1, [<1e-2]", {1}, 1e-2},
    {4, 1, 29, 0, "1, [<1e-3]", {1}, 1e-3},
    {5, 1, 70, 0, "1, [<1e-5]", {1}, 1e-5},
    {6, 1, 144, 10, "1, [<2e-2]", {1}, 2e-2},
    {7, 1, 267, 10, "1, [<4e-3]", {1}, 4e-3},
    {3, 3, 10, 0, "1, .98, .98, [<1e-2]", {1, .98, .98}, 1e-2},
    {5, 5, 200, 10, "1,1,1,1,1, [<1e-3]", {1, 1, 1, 1, 1}, 1e-3},
    {7, 5, 350, 10, "1,1,1,1,1, [<1e-2]", {1, 1, 1, 1, 1}, 1e-2},
};

constexpr int kMostImages = 5;  // the widest row of Table 2

}  // namespace

std::vector<std::pair<std::string, ConvTable2Settings>> conv_table2_presets() {
  ConvTable2Settings quick;  // rows 2×2 (3 layers), 3×3 (9), 4×4 (29), 5×5 (70), 3×3 with 3 images (10)
  ConvTable2Settings paper = quick;
  paper.rows = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  paper.max_epochs = 2000000;
  paper.runs = 10;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_conv_table2(const ConvTable2Settings& s, const ExperimentContext& context) {
  check_image_kind(s.images);
  if (s.optimizer != "paper" && s.optimizer != "gd")
    throw Error(fmt::format("--optimizer '{}': expected paper or gd", s.optimizer));
  // One run: the row's Gaussian images and single-filter stack from the run's seed, trained with
  // App. F's recipe, then the spectrum of its operator.
  sweep::Sweep sweep;
  sweep.name = "mem-conv-table2";
  for (int r : s.rows) sweep.points.push_back({{"row", r}});
  sweep.repetitions = s.runs;
  sweep.run = [&](const Json& point, int, std::uint64_t seed) {
    const Row& row = kTable2[point.at("row").get<int>() - 1];
    Rng rng(seed);
    const Mat X = table_images(s.images, row.size, row.images, rng);
    ConvStackOptions options;
    options.image_size = row.size;
    options.layers = row.layers;
    options.skip_every = row.skip_every;
    ConvNet net = make_conv_stack(options);
    initialize_table_net(net, s.init, 1, rng);
    const OptimizerConfig optimizer = s.optimizer == "gd" ? OptimizerConfig(Sgd{.lr = 0.1}) : mem_table_optimizer(row.layers);
    const LinearConvFit fit = fit_linear_conv(net, X, optimizer,
                                              {.tol = s.tol, .max_epochs = s.max_epochs, .quiet = true, .keep_history = false});
    Json out{{"parameters", parameter_count(net)}, {"epochs", fit.training.epochs},
             {"final_loss", fit.training.final_loss}, {"converged", fit.training.converged()}};
    for (int k = 0; k <= kMostImages; ++k)  // the row's n leading |λ| and the largest of the rest
      out[fmt::format("lambda{}", k + 1)] = k <= row.images ? fit.spectrum(k) : NAN;
    out["largest_rest"] = fit.spectrum(row.images);
    out["distance_to_projection"] = fit.distance_to_projection;
    out["range_outside_span"] = fit.range_outside_span;
    return out;
  };
  const auto rows = run_experiment_sweep(context, sweep, settings_json(s));
  if (!rows) return {};

  // Measurement against the paper's table: medians over runs, with the quartiles.
  ExperimentResult out;
  out.notes.push_back(s.optimizer == "gd" ? "optimizer: GD lr 0.1 at every depth (App. F uses Adam beyond 10 layers)"
                                          : "optimizer: GD lr 0.1 up to 10 layers, Adam lr 1e-4 beyond (MEM App. F)");
  out.notes.push_back(fmt::format("images: {}, new ones for every run (the paper does not say which images it used)",
                                  s.images));
  std::string plot_data;
  Json measured = Json::array();
  for (size_t p = 0; p < s.rows.size(); ++p) {
    const Row& row = kTable2[s.rows[p] - 1];
    const std::string label = fmt::format("{}×{} n={} L={}{}", row.size, row.size, row.images, row.layers,
                                          row.skip_every ? "*" : "");
    auto column = [&](const std::string& name) {
      std::vector<double> values;
      for (int rep = 0; rep < s.runs; ++rep) values.push_back(sweep::row_number((*rows)[p * s.runs + rep], name));
      return values;
    };
    const std::string of_runs = s.runs > 1 ? fmt::format(" median of {}", s.runs) : "";
    for (int k = 0; k < row.images; ++k)
      out.comparisons.push_back(compare_abs(fmt::format("{}: |λ{}|{}", label, k + 1, of_runs),
                                            fmt::format("{:g}", row.paper_top[k]), 1.0,
                                            quartiles(column(fmt::format("lambda{}", k + 1))).median, row.paper_top[k],
                                            0.05));
    const Quartiles rest = quartiles(column("largest_rest"));
    const std::string spread = s.runs > 1 ? fmt::format("{} (IQR {:.2g}–{:.2g})", of_runs, rest.lower, rest.upper) : "";
    out.comparisons.push_back(compare_range(fmt::format("{}: |λ{}| (largest rest){}", label, row.images + 1, spread),
                                            fmt::format("<{:g}", row.paper_rest_bound), 0.0, rest.median, 0,
                                            row.paper_rest_bound));
    int converged = 0;
    for (int rep = 0; rep < s.runs; ++rep) {
      const Json& run = (*rows)[p * s.runs + rep];
      converged += run.at("converged").get<bool>();
      for (int k = 0; k <= row.images; ++k)
        plot_data += fmt::format("{} {:.6e}\n", k + 1, std::max(sweep::row_number(run, fmt::format("lambda{}", k + 1)), 1e-17));
      plot_data += "\n";
    }
    plot_data += "\n";
    if (converged < s.runs)
      out.notes.push_back(fmt::format("{}: {} of {} runs stopped before MSE < {:g}", label, s.runs - converged, s.runs, s.tol));
    const std::vector<double> rests = column("largest_rest");
    if (const long diverged = std::count_if(rests.begin(), rests.end(), [](double v) { return !std::isfinite(v); }))
      out.notes.push_back(fmt::format("{}: {} of {} runs diverged (left out of the medians and quartiles)", label,
                                      diverged, s.runs));
    measured.push_back({{"row", s.rows[p]}, {"label", label}, {"heuristic_depth", heuristic_depth(row.size)},
                        {"paper_spectrum", row.paper_spectrum}, {"largest_rest_lower_quartile", rest.lower},
                        {"largest_rest_median", rest.median}, {"largest_rest_upper_quartile", rest.upper},
                        {"converged_runs", converged}, {"runs", column("final_loss").size()}});
  }
  out.measured = {{"rows", measured}};

  // Figure: the leading |λ| of every run, one colour per row of the table.
  out.files.emplace_back("spectra.dat", plot_data);
  std::string plot = "set logscale y\nset xlabel 'index (sorted by |λ|)'\nset ylabel '|λ|'\n"
                     "set title 'MEM Table 2: leading spectrum of every run'\nplot ";
  for (size_t p = 0; p < s.rows.size(); ++p)
    plot += fmt::format("{}'$OUT/spectra.dat' index {} with linespoints lc {} title 'row {}'", p ? ", " : "", p, p + 1,
                        s.rows[p]);
  out.figures.push_back({"spectra.png", plot});
  return out;
}

}  // namespace memo::mem
