#include "lib/experiments/mem/conv_table1.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

#include "lib/core/random.hpp"
#include "lib/experiments/mem/linear_conv_fit.hpp"
#include "lib/experiments/mem/table_readings.hpp"
#include "theory/conv_matrix.hpp"

namespace memo::mem {

namespace {

// Table 1's third |λ| and parameter count, by (layers as printed, filters).
struct PaperRow { double third; int parameters; };
const std::map<std::pair<int, int>, PaperRow> kTable1 = {
    {{2, 1}, {.98, 27}},   {{2, 16}, {.99, 2592}},   {{2, 128}, {.99, 149760}},
    {{5, 1}, {.78, 45}},   {{5, 16}, {.72, 7200}},   {{5, 128}, {.70, 444672}},
    {{8, 1}, {.14, 72}},   {{8, 16}, {.10, 14112}},  {{8, 128}, {.08, 887040}},
};

int paper_layers(int layers) { return layers == 3 ? 2 : layers; }

}  // namespace

std::vector<std::pair<std::string, ConvTable1Settings>> conv_table1_presets() {
  ConvTable1Settings quick;
  ConvTable1Settings paper = quick;
  paper.filters = {1, 16, 128};
  paper.max_epochs = 1000000;
  paper.runs = 10;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_conv_table1(const ConvTable1Settings& s, const ExperimentContext& context) {
  check_image_kind(s.images);
  // One run: 2 Gaussian 3×3 images and a (layers, filters) stack from the run's seed, trained by
  // GD, then the spectrum of its operator.
  sweep::Sweep sweep;
  sweep.name = "mem-conv-table1";
  for (int L : s.depths)
    for (int f : s.filters) sweep.points.push_back({{"layers", L}, {"filters", f}});
  sweep.repetitions = s.runs;
  sweep.run = [&](const Json& point, int, std::uint64_t seed) {
    Rng rng(seed);
    const Mat X = table_images(s.images, 3, 2, rng);
    ConvStackOptions options;
    options.image_size = 3;
    options.layers = point.at("layers").get<int>();
    options.filters = point.at("filters").get<int>();
    ConvNet net = make_conv_stack(options);
    initialize_table_net(net, s.init, options.filters, rng);
    const LinearConvFit fit = fit_linear_conv(net, X, Sgd{.lr = s.lr},
                                              {.tol = s.tol, .max_epochs = s.max_epochs, .quiet = true, .keep_history = false});
    return Json{{"parameters", parameter_count(net)}, {"epochs", fit.training.epochs},
                {"final_loss", fit.training.final_loss}, {"converged", fit.training.converged()},
                {"lambda1", fit.spectrum(0)}, {"lambda2", fit.spectrum(1)}, {"lambda3", fit.spectrum(2)},
                {"distance_to_projection", fit.distance_to_projection}};
  };
  const auto rows = run_experiment_sweep(context, sweep, settings_json(s));
  if (!rows) return {};

  // Measurement against the paper's table: the median over runs, with the quartiles.
  ExperimentResult out;
  out.notes.push_back(fmt::format("images: {}, new ones for every run; the paper's '2 layers' parameter counts "
                                  "are those of 3 conv layers", s.images));
  Json measured = Json::array();
  std::string data;
  for (size_t p = 0; p < sweep.points.size(); ++p) {
    const int L = sweep.points[p].at("layers"), f = sweep.points[p].at("filters");
    std::vector<double> second, third;
    int converged = 0, parameters = 0;
    for (int rep = 0; rep < s.runs; ++rep) {
      const Json& row = (*rows)[p * s.runs + rep];
      second.push_back(sweep::row_number(row, "lambda2"));
      third.push_back(sweep::row_number(row, "lambda3"));
      converged += row.at("converged").get<bool>();
      parameters = row.at("parameters").get<int>();
      data += fmt::format("{} {} {:.6g}\n", L, f, third.back());
    }
    const Quartiles q2 = quartiles(second), q3 = quartiles(third);
    const auto paper = kTable1.find({paper_layers(L), f});
    const std::string label = fmt::format("{} layers × {} filters", L, f);
    const std::string spread = s.runs > 1 ? fmt::format(" median of {} (IQR {:.2g}–{:.2g})", s.runs, q3.lower, q3.upper) : "";
    out.comparisons.push_back(compare_abs(label + ": |λ2|" + (s.runs > 1 ? " median" : ""), "1", 1.0, q2.median, 1, 0.02));
    if (paper != kTable1.end())
      out.comparisons.push_back(compare_abs(label + ": |λ3|" + spread, fmt::format("{:g}", paper->second.third),
                                            std::nullopt, q3.median, paper->second.third, 0.1));
    else
      out.comparisons.push_back(compare_range(label + ": |λ3| (no memorisation)" + spread, "", std::nullopt, q3.median,
                                              0.01, 10));
    if (converged < s.runs)
      out.notes.push_back(fmt::format("{}: {} of {} runs stopped before MSE < {:g}", label, s.runs - converged, s.runs, s.tol));
    if (const long diverged = std::count_if(third.begin(), third.end(), [](double v) { return !std::isfinite(v); }))
      out.notes.push_back(fmt::format("{}: {} of {} runs diverged (left out of the medians and quartiles)", label,
                                      diverged, s.runs));
    measured.push_back({{"layers", L}, {"filters", f}, {"parameters", parameters},
                        {"paper_parameters", paper != kTable1.end() ? paper->second.parameters : 0},
                        {"lambda3_lower_quartile", q3.lower}, {"lambda3_median", q3.median},
                        {"lambda3_upper_quartile", q3.upper}, {"converged_runs", converged}});
  }
  out.measured = {{"settings", measured}};

  // Figure: every run's third eigenvalue modulus against depth, one colour per filter count.
  out.files.emplace_back("lambda3.dat", data);
  std::string plot = "set xlabel 'conv layers'\nset ylabel '|λ3|'\nset yrange [0:1.05]\n"
                     "set title 'MEM Table 1: third eigenvalue modulus per run (0 would be memorisation)'\nplot ";
  for (size_t j = 0; j < s.filters.size(); ++j)
    plot += fmt::format("{}'$OUT/lambda3.dat' using ($1+{:.2f}):($2=={}?$3:1/0) with points pt 7 title '{} filters'",
                        j ? ", " : "", 0.1 * static_cast<double>(j), s.filters[j], s.filters[j]);
  out.figures.push_back({"lambda3.png", plot});
  return out;
}

}  // namespace memo::mem
