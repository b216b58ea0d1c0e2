#include "lib/experiments/mem/conv_table1.hpp"

#include <cmath>
#include <fmt/format.h>
#include <map>

#include "lib/compute/parallel.hpp"
#include "lib/core/random.hpp"
#include "lib/experiments/mem/linear_conv_fit.hpp"
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
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_conv_table1(const ConvTable1Settings& s, const ExperimentContext& context) {
  // Data: 2 images of 3×3, N(0, 1).
  Rng image_rng(run_seed(context.seed, 0));
  const Mat X = random_normal(9, 2, image_rng);
  // Model and training, one network per (layers, filters).
  struct Setting { int layers, filters; };
  std::vector<Setting> settings;
  for (int L : s.depths)
    for (int f : s.filters) settings.push_back({L, f});
  std::vector<LinearConvFit> fits(settings.size());
  std::vector<int> counts(settings.size());
  parallel_runs(static_cast<int>(settings.size()), context.threads, [&](int i) {
    Rng rng(run_seed(context.seed, 1 + i));
    ConvStackOptions options;
    options.image_size = 3;
    options.layers = settings[i].layers;
    options.filters = settings[i].filters;
    ConvNet net = make_conv_stack(options);
    initialize(net, s.init, rng);
    counts[i] = parameter_count(net);
    fits[i] = fit_linear_conv(net, X, Sgd{.lr = s.lr},
                              {.tol = s.tol, .max_epochs = s.max_epochs, .quiet = true, .keep_history = false});
    if (!context.quiet)
      fmt::print(stderr, "{} layers × {} filters: {} | spectrum {}\n", settings[i].layers, settings[i].filters,
                 fits[i].training.describe(), format_spectrum(fits[i].spectrum, 4));
  });

  // Measurement against the paper's table.
  ExperimentResult out;
  out.notes.push_back("images drawn from N(0,1); the paper's '2 layers' parameter counts are those of 3 conv layers");
  out.rows = CsvTable({"layers", "filters", "parameters", "paper_parameters", "epochs", "final_loss", "lambda1",
                       "lambda2", "lambda3", "paper_lambda3", "distance_to_projection"});
  Json measured = Json::array();
  std::string data;
  for (size_t i = 0; i < settings.size(); ++i) {
    const auto [L, f] = settings[i];
    const LinearConvFit& fit = fits[i];
    const auto paper = kTable1.find({paper_layers(L), f});
    const std::string label = fmt::format("{} layers × {} filters", L, f);
    out.comparisons.push_back(compare_abs(label + ": |λ2|", "1", 1.0, fit.spectrum(1), 1, 0.02));
    if (paper != kTable1.end())
      out.comparisons.push_back(compare_abs(label + ": |λ3|", fmt::format("{:g}", paper->second.third), std::nullopt,
                                            fit.spectrum(2), paper->second.third, 0.1));
    else
      out.comparisons.push_back(compare_range(label + ": |λ3| (no memorisation)", "", std::nullopt, fit.spectrum(2),
                                              0.01, 10));
    if (!fit.training.converged()) out.notes.push_back(label + ": " + fit.training.describe());
    out.rows.add_row({static_cast<long>(L), static_cast<long>(f), static_cast<long>(counts[i]),
                      static_cast<long>(paper != kTable1.end() ? paper->second.parameters : 0), fit.training.epochs,
                      fit.training.final_loss, fit.spectrum(0), fit.spectrum(1), fit.spectrum(2),
                      paper != kTable1.end() ? paper->second.third : std::nan(""), fit.distance_to_projection});
    measured.push_back({{"layers", L}, {"filters", f}, {"parameters", counts[i]},
                        {"spectrum", std::vector<double>(fit.spectrum.data(), fit.spectrum.data() + fit.spectrum.size())},
                        {"final_loss", fit.training.final_loss}, {"epochs", fit.training.epochs}});
    data += fmt::format("{} {} {:.6g}\n", L, f, fit.spectrum(2));
  }
  out.measured = {{"settings", measured}};

  // Figure: the third eigenvalue modulus against depth, one line per filter count.
  out.files.emplace_back("lambda3.dat", data);
  std::string plot = "set xlabel 'conv layers'\nset ylabel '|λ3|'\nset yrange [0:1.05]\n"
                     "set title 'MEM Table 1: third eigenvalue modulus (0 would be memorisation)'\nplot ";
  for (size_t j = 0; j < s.filters.size(); ++j)
    plot += fmt::format("{}'$OUT/lambda3.dat' using 1:($2=={}?$3:1/0) with linespoints title '{} filters'",
                        j ? ", " : "", s.filters[j], s.filters[j]);
  out.figures.push_back({"lambda3.png", plot});
  return out;
}

}  // namespace memo::mem
