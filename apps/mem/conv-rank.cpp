// mem-conv-rank — MEM Theorems 4 and 5 and the Corollary (§4, App. D–E).
//
// Thm 4: one kernel-3 filter (padding 1) trained by GD from zero on one s×s image learns an
// operator of rank s² (no memorisation, which would be rank 1). We train it, count the
// singular values above 1e-8·σ₁, and compare the filter with the theory's minimum-norm filter.
// Thm 5 / Corollary: an L-layer kernel-3 net has forced zeros wherever pixels are more than L
// apart (Chebyshev), so it needs L ≥ s − 1; 2-layer nets on 4×4 images cannot reach
// x x^T/‖x‖² whatever the number of filters. We train them and check that the forced entries
// stay exactly zero and that ‖M − x x^T/‖x‖²‖_F stays above the theory's lower bound.
// Images are drawn from N(0, 1). Multi-filter nets start from --init (a constant would keep all
// filters equal forever); the 1-filter Thm 4 net starts at zero as in the theorem.
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

int main(int argc, char** argv) {
  CLI::App app{"MEM Thm 4–5: shallow conv autoencoders learn full-rank maps", "mem-conv-rank"};
  ExperimentFlags flags;
  add_experiment_flags(app, flags);
  std::string sizes_text, filters_text, init = "normal:0.1";
  double lr = 0.1, tol = 1e-10;
  long max_epochs = 100000;
  app.add_option("--sizes", sizes_text, "image sizes s for Thm 4 (default 2,3,4,5 quick; 2…8 paper)");
  app.add_option("--filters", filters_text, "filters of the 2-layer nets on 4×4 (default 1,4,16 quick; 1,4,16,64,128 paper)");
  app.add_option("--init", init, "initialisation of the 2-layer nets")->capture_default_str();
  app.add_option("--lr", lr, "GD learning rate")->capture_default_str();
  app.add_option("--tol", tol, "train until the MSE is below this")->capture_default_str();
  app.add_option("--max-epochs", max_epochs, "epoch limit")->capture_default_str();

  return run_main(app, argc, argv, [&] {
    finish_experiment_flags(app, flags);
    const bool quick = flags.preset == "quick";
    const std::vector<int> sizes = sizes_text.empty() ? (quick ? std::vector<int>{2, 3, 4, 5}
                                                               : std::vector<int>{2, 3, 4, 5, 6, 7, 8})
                                                      : parse_widths(sizes_text);
    const std::vector<int> filters = filters_text.empty() ? (quick ? std::vector<int>{1, 4, 16}
                                                                   : std::vector<int>{1, 4, 16, 64, 128})
                                                          : parse_widths(filters_text);
    const auto start = std::chrono::steady_clock::now();
    const TrainOptions train_options{.tol = tol, .max_epochs = max_epochs, .quiet = true, .keep_history = false};

    // Thm 4: one layer, one filter, from zero.
    struct Thm4 { LinearConvFit fit; int rank; double filter_error; };
    std::vector<Thm4> thm4(sizes.size());
    parallel_runs(static_cast<int>(sizes.size()), flags.threads, [&](int i) {
      const int s = sizes[i];
      Rng rng(run_seed(flags.seed, s));
      const Vec x = random_normal(s * s, 1, rng);
      ConvStackOptions options;
      options.image_size = s;
      options.layers = 1;
      ConvNet net = make_conv_stack(options);
      initialize(net, "zero", rng);
      // Trained to the floating-point floor, so that the filter can be compared with its limit.
      TrainOptions to_the_limit = train_options;
      to_the_limit.tol = 1e-24;
      thm4[i].fit = fit_linear_conv(net, x, Sgd{.lr = lr}, to_the_limit);
      const Vec& sv = thm4[i].fit.singular_values;
      thm4[i].rank = static_cast<int>((sv.array() > 1e-8 * sv(0)).count());
      thm4[i].filter_error = (net.layers[0].weight.value - min_norm_single_filter(x, s)).norm();
    });

    // Corollary: 2 layers on 4×4, any number of filters.
    const int s = 4, layers = 2;
    Rng image_rng(run_seed(flags.seed, 1000));
    const Vec x = random_normal(s * s, 1, image_rng);
    const double bound = forced_zero_distance(x, s, layers);
    const Mat forced = Mat::Ones(s * s, s * s) - structural_support(s, layers);
    struct Shallow { LinearConvFit fit; double max_forced; int parameters; };
    std::vector<Shallow> shallow(filters.size());
    parallel_runs(static_cast<int>(filters.size()), flags.threads, [&](int i) {
      Rng rng(run_seed(flags.seed, 2000 + filters[i]));
      ConvStackOptions options;
      options.image_size = s;
      options.layers = layers;
      options.filters = filters[i];
      ConvNet net = make_conv_stack(options);
      initialize(net, init, rng);
      shallow[i].parameters = parameter_count(net);
      shallow[i].fit = fit_linear_conv(net, x, Sgd{.lr = lr}, train_options);
      shallow[i].max_forced = shallow[i].fit.op.cwiseProduct(forced).cwiseAbs().maxCoeff();
    });

    Report report;
    report.app = "mem-conv-rank";
    report.settings = {{"preset", flags.preset}, {"seed", flags.seed}, {"sizes", sizes}, {"filters", filters},
                       {"init", init}, {"lr", lr}, {"tol", tol}, {"max_epochs", max_epochs}};
    report.notes.push_back("images drawn from N(0,1); GD on the mean squared error");
    CsvTable csv({"part", "size", "layers", "filters", "parameters", "epochs", "final_loss", "rank",
                  "smallest_singular_value", "largest_singular_value", "max_forced_entry", "distance_to_projection",
                  "theory_lower_bound"});
    Json measured = {{"thm4", Json::array()}, {"corollary", Json::array()}};
    for (size_t i = 0; i < sizes.size(); ++i) {
      const int n = sizes[i];
      const Thm4& r = thm4[i];
      const Vec& sv = r.fit.singular_values;
      report.comparisons.push_back(compare_abs(fmt::format("Thm 4, {}×{}: rank of M", n, n),
                                               fmt::format("{}", n * n), n * n, r.rank, n * n, 0));
      report.comparisons.push_back(compare_range(fmt::format("Thm 4, {}×{}: ‖w − w_min-norm‖", n, n), "", 0.0,
                                                 r.filter_error, 0, 1e-6));
      csv.add_row({std::string("thm4"), static_cast<long>(n), 1L, 1L, 9L, r.fit.training.epochs,
                   r.fit.training.final_loss, static_cast<long>(r.rank), sv(sv.size() - 1), sv(0), 0.0,
                   r.fit.distance_to_projection, 0.0});
      measured["thm4"].push_back({{"size", n}, {"rank", r.rank},
                                  {"singular_values", std::vector<double>(sv.data(), sv.data() + sv.size())},
                                  {"epochs", r.fit.training.epochs}, {"final_loss", r.fit.training.final_loss}});
    }
    for (int n = 2; n <= 8; ++n) {
      int first_full = 0;
      while (forced_zero_count(n, first_full) > 0) ++first_full;
      report.comparisons.push_back(compare_abs(fmt::format("Thm 5, {}×{}: fewest layers with no forced 0", n, n),
                                               fmt::format("{}", n - 1), min_memorization_depth(n), first_full,
                                               n - 1, 0));
    }
    for (size_t i = 0; i < filters.size(); ++i) {
      const Shallow& r = shallow[i];
      const std::string label = fmt::format("Cor., 4×4, 2 layers, {} filters", filters[i]);
      report.comparisons.push_back(compare_abs(label + ": max |forced entry|", "0", 0.0, r.max_forced, 0, 0));
      report.comparisons.push_back(compare_range(label + ": ‖M − xxᵀ/‖x‖²‖", "> 0", bound,
                                                 r.fit.distance_to_projection, bound, 1e300));
      if (!r.fit.training.converged())
        report.notes.push_back(fmt::format("{}: {}", label, r.fit.training.describe()));
      const Vec& sv = r.fit.singular_values;
      csv.add_row({std::string("corollary"), 4L, 2L, static_cast<long>(filters[i]), static_cast<long>(r.parameters),
                   r.fit.training.epochs, r.fit.training.final_loss,
                   static_cast<long>((sv.array() > 1e-8 * sv(0)).count()), sv(sv.size() - 1), sv(0), r.max_forced,
                   r.fit.distance_to_projection, bound});
      measured["corollary"].push_back({{"filters", filters[i]}, {"parameters", r.parameters},
                                       {"spectrum_top", format_spectrum(r.fit.spectrum, 4)},
                                       {"distance_to_projection", r.fit.distance_to_projection},
                                       {"max_forced_entry", r.max_forced}, {"final_loss", r.fit.training.final_loss}});
    }
    measured["corollary_lower_bound"] = bound;
    report.extra = measured;
    csv.write(flags.out + "/results.csv");

    // Figure: singular values of the Thm 4 operators (all clearly nonzero: rank s²).
    std::string data;
    for (const Thm4& r : thm4) {
      for (Eigen::Index k = 0; k < r.fit.singular_values.size(); ++k)
        data += fmt::format("{} {:.6e}\n", k + 1, r.fit.singular_values(k));
      data += "\n\n";
    }
    write_file(flags.out + "/singular_values.dat", data);
    std::string plot = fmt::format("set terminal pngcairo size 800,500\nset output '{0}/singular_values.png'\n"
                                   "set logscale y\nset xlabel 'index'\nset ylabel 'σ'\n"
                                   "set title 'MEM Thm 4: one filter from zero learns a rank-s² operator'\nplot ",
                                   flags.out);
    for (size_t i = 0; i < sizes.size(); ++i)
      plot += fmt::format("{}'{}/singular_values.dat' index {} with linespoints title 's = {}'", i ? ", " : "",
                          flags.out, i, sizes[i]);
    if (!run_gnuplot(plot + "\n")) report.notes.push_back("gnuplot not found: no figure");
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return finish_report(report, flags);
  });
}
