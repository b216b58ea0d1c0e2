#include "lib/experiments/mem/conv_table2.hpp"

#include <fmt/format.h>

#include "lib/compute/parallel.hpp"
#include "lib/core/random.hpp"
#include "lib/experiments/mem/linear_conv_fit.hpp"
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

}  // namespace

std::vector<std::pair<std::string, ConvTable2Settings>> conv_table2_presets() {
  ConvTable2Settings quick;  // rows 2×2 (3 layers), 3×3 (9), 4×4 (29), 5×5 (70), 3×3 with 3 images (10)
  ConvTable2Settings paper = quick;
  paper.rows = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  paper.max_epochs = 2000000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_conv_table2(const ConvTable2Settings& s, const ExperimentContext& context) {
  std::vector<LinearConvFit> fits(s.rows.size());
  std::vector<int> parameter_counts(s.rows.size());
  parallel_runs(static_cast<int>(s.rows.size()), context.threads, [&](int i) {
    const Row& row = kTable2[s.rows[i] - 1];
    Rng rng(run_seed(context.seed, s.rows[i]));
    const Mat X = random_normal(row.size * row.size, row.images, rng);
    ConvStackOptions options;
    options.image_size = row.size;
    options.layers = row.layers;
    options.skip_every = row.skip_every;
    ConvNet net = make_conv_stack(options);
    initialize(net, s.init, rng);
    parameter_counts[i] = parameter_count(net);
    fits[i] = fit_linear_conv(net, X, mem_table_optimizer(row.layers),
                            {.tol = s.tol, .max_epochs = s.max_epochs, .quiet = true, .keep_history = false});
    if (!context.quiet)
    fmt::print(stderr, "row {}: {}×{}, {} layers: {} | spectrum {}\n", s.rows[i], row.size, row.size, row.layers,
               fits[i].training.describe(), format_spectrum(fits[i].spectrum, row.images + 2));
  });

  ExperimentResult out;
  out.notes.push_back("optimizer: GD lr 0.1 up to 10 layers, Adam lr 1e-4 beyond (MEM App. F)");
  out.notes.push_back("images drawn from N(0,1) (the paper does not say which images it used)");
  out.rows = CsvTable({"row", "size", "images", "layers", "skip_every", "heuristic_depth", "parameters", "epochs",
              "final_loss", "converged", "spectrum_top", "largest_rest", "distance_to_projection",
              "range_outside_span", "paper_spectrum"});
  std::string plot_data;
  Json measured = Json::array();
  for (size_t i = 0; i < s.rows.size(); ++i) {
    const Row& row = kTable2[s.rows[i] - 1];
    const LinearConvFit& fit = fits[i];
    const std::string label = fmt::format("{}×{} n={} L={}{}", row.size, row.size, row.images, row.layers,
                                        row.skip_every ? "*" : "");
    for (int k = 0; k < row.images; ++k)
    out.comparisons.push_back(compare_abs(fmt::format("{}: |λ{}|", label, k + 1),
                                             fmt::format("{:g}", row.paper_top[k]), 1.0, fit.spectrum(k),
                                             row.paper_top[k], 0.05));
    const double rest = fit.spectrum(row.images);
    out.comparisons.push_back(compare_range(fmt::format("{}: |λ{}| (largest rest)", label, row.images + 1),
                                             fmt::format("<{:g}", row.paper_rest_bound), 0.0, rest, 0,
                                             row.paper_rest_bound));
    if (!fit.training.converged())
    out.notes.push_back(fmt::format("{}: training stopped before MSE < {:g} ({})", label, s.tol,
                                       fit.training.describe()));
    out.rows.add_row({static_cast<long>(s.rows[i]), static_cast<long>(row.size), static_cast<long>(row.images),
               static_cast<long>(row.layers), static_cast<long>(row.skip_every), heuristic_depth(row.size),
               static_cast<long>(parameter_counts[i]), fit.training.epochs, fit.training.final_loss,
               static_cast<long>(fit.training.converged()), format_spectrum(fit.spectrum, row.images + 2), rest,
               fit.distance_to_projection, fit.range_outside_span, row.paper_spectrum});
    measured.push_back({{"row", s.rows[i]}, {"label", label}, {"parameters", parameter_counts[i]},
                      {"epochs", fit.training.epochs}, {"final_loss", fit.training.final_loss},
                      {"spectrum", std::vector<double>(fit.spectrum.data(), fit.spectrum.data() + fit.spectrum.size())},
                      {"distance_to_projection", fit.distance_to_projection},
                      {"range_outside_span", fit.range_outside_span}});
    for (Eigen::Index k = 0; k < fit.spectrum.size(); ++k)
    plot_data += fmt::format("{} {:.6e}\n", k + 1, std::max(fit.spectrum(k), 1e-17));
    plot_data += "\n\n";
  }
  out.measured = {{"rows", measured}};
  out.files.emplace_back("spectra.dat", plot_data);
  std::string plot =
    "set logscale y\nset xlabel 'index (sorted by |λ|)'\nset ylabel '|λ|'\n"
    "set title 'MEM Table 2: spectra of trained linear conv nets'\nplot ";
  for (size_t i = 0; i < s.rows.size(); ++i)
    plot += fmt::format("{}'$OUT/spectra.dat' index {} with linespoints title 'row {}'", i ? ", " : "", i, s.rows[i]);
  out.figures.push_back({"spectra.png", plot});
  return out;
}

}  // namespace memo::mem
