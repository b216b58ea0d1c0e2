// mem-conv-table2 — MEM Table 2 (App. F): linear conv autoencoders with one kernel-3
// filter per layer and ⌈s⁴/9⌉ layers (the heuristic depth), every parameter initialised to the
// same small constant, trained on s×s Gaussian images; memorisation shows as a spectrum of
// n eigenvalues ≈ 1 and the rest ≈ 0 (M ≈ X X^+).
//
// Training as in the paper: GD lr 0.1 until MSE < 1e-6, Adam lr 1e-4 beyond 10 layers, skip
// connections every 10 layers for the rows marked * (over 100 layers). The paper does not say
// what its images are; we draw them from N(0, 1) as in Table 1. The constant of the
// initialisation is not given either ("as close to zero as possible"); --init sets it.
// quick: rows 2×2 (3 layers), 3×3 (9), 4×4 (29), 5×5 (70) and 3×3 with 3 images (10);
// paper: all nine rows of Table 2 (the rows with skips take minutes to hours).
#include <chrono>
#include <fmt/format.h>

#include "lib/cli/cli.hpp"
#include "lib/io/csv.hpp"
#include "lib/io/npy.hpp"
#include "lib/compute/parallel.hpp"
#include "lib/cli/report.hpp"
#include "theory/conv_matrix.hpp"
#include "theory/conv_memorization.hpp"

using namespace memo;
using namespace memo::conv_theory;

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

int main(int argc, char** argv) {
  CLI::App app{"MEM Table 2: deep single-filter linear conv autoencoders memorise", "mem-conv-table2"};
  ExperimentFlags flags;
  add_experiment_flags(app, flags);
  std::string init = "const:0.1", rows_text;
  double tol = 1e-6;
  long max_epochs = 0;
  app.add_option("--init", init, "initialisation of every layer (const:c, default, xavier_uniform, …)")
      ->capture_default_str();
  app.add_option("--rows", rows_text, "comma-separated row numbers of Table 2 (1–9); default by preset");
  app.add_option("--tol", tol, "train until the MSE is below this")->capture_default_str();
  app.add_option("--max-epochs", max_epochs, "epoch limit per row (default: 200000 quick, 2000000 paper)");

  return run_main(app, argc, argv, [&] {
    finish_experiment_flags(app, flags);
    const bool quick = flags.preset == "quick";
    if (max_epochs == 0) max_epochs = quick ? 200000 : 2000000;
    std::vector<int> rows = quick ? std::vector<int>{1, 2, 3, 4, 7} : std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9};
    if (!rows_text.empty()) {
      rows = parse_widths(rows_text);
      for (int r : rows)
        if (r < 1 || r > static_cast<int>(kTable2.size()))
          throw Error(fmt::format("--rows: row {} does not exist (Table 2 has rows 1–9)", r));
    }
    const auto start = std::chrono::steady_clock::now();

    std::vector<LinearConvFit> fits(rows.size());
    std::vector<int> parameter_counts(rows.size());
    parallel_runs(static_cast<int>(rows.size()), flags.threads, [&](int i) {
      const Row& row = kTable2[rows[i] - 1];
      Rng rng(run_seed(flags.seed, rows[i]));
      const Mat X = random_normal(row.size * row.size, row.images, rng);
      ConvStackOptions options;
      options.image_size = row.size;
      options.layers = row.layers;
      options.skip_every = row.skip_every;
      ConvNet net = make_conv_stack(options);
      initialize(net, init, rng);
      parameter_counts[i] = parameter_count(net);
      fits[i] = fit_linear_conv(net, X, mem_table_optimizer(row.layers),
                                {.tol = tol, .max_epochs = max_epochs, .quiet = true, .keep_history = false});
      if (!flags.quiet && !flags.json)
        fmt::print(stderr, "row {}: {}×{}, {} layers: {} | spectrum {}\n", rows[i], row.size, row.size, row.layers,
                   fits[i].training.describe(), format_spectrum(fits[i].spectrum, row.images + 2));
    });

    Report report;
    report.app = "mem-conv-table2";
    report.settings = {{"preset", flags.preset}, {"seed", flags.seed}, {"init", init}, {"tol", tol},
                       {"max_epochs", max_epochs}, {"rows", rows},
                       {"optimizer", "GD lr 0.1 up to 10 layers, Adam lr 1e-4 beyond (MEM App. F)"}};
    report.notes.push_back("images drawn from N(0,1) (the paper does not say which images it used)");
    CsvTable csv({"row", "size", "images", "layers", "skip_every", "heuristic_depth", "parameters", "epochs",
                  "final_loss", "converged", "spectrum_top", "largest_rest", "distance_to_projection",
                  "range_outside_span", "paper_spectrum"});
    std::string plot_data;
    Json measured = Json::array();
    for (size_t i = 0; i < rows.size(); ++i) {
      const Row& row = kTable2[rows[i] - 1];
      const LinearConvFit& fit = fits[i];
      const std::string label = fmt::format("{}×{} n={} L={}{}", row.size, row.size, row.images, row.layers,
                                            row.skip_every ? "*" : "");
      for (int k = 0; k < row.images; ++k)
        report.comparisons.push_back(compare_abs(fmt::format("{}: |λ{}|", label, k + 1),
                                                 fmt::format("{:g}", row.paper_top[k]), 1.0, fit.spectrum(k),
                                                 row.paper_top[k], 0.05));
      const double rest = fit.spectrum(row.images);
      report.comparisons.push_back(compare_range(fmt::format("{}: |λ{}| (largest rest)", label, row.images + 1),
                                                 fmt::format("<{:g}", row.paper_rest_bound), 0.0, rest, 0,
                                                 row.paper_rest_bound));
      if (!fit.training.converged())
        report.notes.push_back(fmt::format("{}: training stopped before MSE < {:g} ({})", label, tol,
                                           fit.training.describe()));
      csv.add_row({static_cast<long>(rows[i]), static_cast<long>(row.size), static_cast<long>(row.images),
                   static_cast<long>(row.layers), static_cast<long>(row.skip_every), heuristic_depth(row.size),
                   static_cast<long>(parameter_counts[i]), fit.training.epochs, fit.training.final_loss,
                   static_cast<long>(fit.training.converged()), format_spectrum(fit.spectrum, row.images + 2), rest,
                   fit.distance_to_projection, fit.range_outside_span, row.paper_spectrum});
      measured.push_back({{"row", rows[i]}, {"label", label}, {"parameters", parameter_counts[i]},
                          {"epochs", fit.training.epochs}, {"final_loss", fit.training.final_loss},
                          {"spectrum", std::vector<double>(fit.spectrum.data(), fit.spectrum.data() + fit.spectrum.size())},
                          {"distance_to_projection", fit.distance_to_projection},
                          {"range_outside_span", fit.range_outside_span}});
      for (Eigen::Index k = 0; k < fit.spectrum.size(); ++k)
        plot_data += fmt::format("{} {:.6e}\n", k + 1, std::max(fit.spectrum(k), 1e-17));
      plot_data += "\n\n";
    }
    csv.write(flags.out + "/results.csv");
    report.extra = {{"rows", measured}};
    write_file(flags.out + "/spectra.dat", plot_data);
    std::string plot = fmt::format(
        "set terminal pngcairo size 800,500\nset output '{0}/spectra.png'\nset logscale y\n"
        "set xlabel 'index (sorted by |λ|)'\nset ylabel '|λ|'\nset title 'MEM Table 2: spectra of trained linear conv nets'\n"
        "plot ", flags.out);
    for (size_t i = 0; i < rows.size(); ++i)
      plot += fmt::format("{}'{}/spectra.dat' index {} with linespoints title 'row {}'", i ? ", " : "", flags.out, i,
                          rows[i]);
    if (!run_gnuplot(plot + "\n")) report.notes.push_back("gnuplot not found: no figure");
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return finish_report(report, flags);
  });
}
