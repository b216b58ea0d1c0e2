// am-basins — AM Fig. 3: an overparameterized autoencoder trained on 6 points in the
// plane stores them as attractors; iterating it from every point of a grid shows their basins
// (coloured by the limit), the vector field f(x) − x, no spurious attractors, and basins that
// are not the Voronoi cells of the training points (the network's metric is not Euclidean).
//
// Paper: depth 30 (hidden layers), width 512, cosid, Adam lr 1e-4 until MSE < 1e-8, 10,000
// grid points. The 6 points of Fig. 3 are not given: we draw 6 points uniformly in [−1, 1]²
// (at least 0.3 apart) from --seed. quick keeps the paper's network and shrinks the grid to
// 30×30: smaller networks do not show the effect — measured with seed 0, depth 8 × width 128,
// depth 10 × 256 and depth 30 × 256 store only 3 of the 6 points as attractors, depth 16 × 256
// and 20 × 512 store 4, depth 30 × 512 all 6 (AM Fig. 5: attraction needs depth and width).
//
// Matching limits to examples: AM's rule is ‖f^k(x) − x_i‖ < 1e-7, but a network trained to
// MSE 1e-8 has its fixed point near x_i about ‖f(x_i) − x_i‖/(1 − ρ) ~ 1e-4 away, so no
// trajectory could ever match. We therefore first find the fixed point x_i* next to each x_i by
// Newton's method (reported as "fixed-point offset") and match grid limits to x_i* with 1e-7,
// after polishing each distinct limit by Newton as well: AM's stopping rule leaves an orbit up to
// 1e-8·ρ/(1 − ρ) from its fixed point, i.e. 3e-6 when ρ = 0.997, which 1e-7 would call spurious.
#include <chrono>
#include <fmt/format.h>

#include "lib/dynamics/basins.hpp"
#include "lib/cli/cli.hpp"
#include "lib/io/csv.hpp"
#include "lib/dynamics/nearest_example.hpp"
#include "lib/io/npy.hpp"
#include "lib/compute/parallel.hpp"
#include "lib/cli/report.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/nn/train.hpp"

using namespace memo;

namespace {

struct Settings {
  int points = 6, depth = 0, width = 0, grid = 0, max_iterations = 0;
  long max_epochs = 0;
  double lr = 1e-4, tol = 1e-8, extent = 1.5, min_separation = 0.3;
  std::string act = "cosid";
};

// n points uniform in [−1, 1]², redrawn until every pair is at least `separation` apart.
Mat draw_points(int n, double separation, Rng& rng) {
  Mat X(2, n);
  for (int i = 0; i < n; ++i) {
    for (int attempt = 0;; ++attempt) {
      if (attempt > 10000) throw Error(fmt::format("cannot place {} points {} apart in [−1, 1]²", n, separation));
      X.col(i) = random_uniform(2, 1, rng, -1, 1);
      bool apart = true;
      for (int j = 0; j < i; ++j) apart = apart && (X.col(i) - X.col(j)).norm() >= separation;
      if (apart) break;
    }
  }
  return X;
}

struct RunResult {
  Mat X, fixed_points;
  TrainResult training;
  std::vector<Spectrum> at_examples;
  Basins basins;
  int attractors = 0, spurious_attractors = 0, spurious_limits = 0, cycles = 0;
  double fraction_at_examples = 0, voronoi_disagreement = 0, max_offset = 0;
  std::vector<double> basin_fraction;
};

RunResult run(const Settings& s, std::uint64_t seed, bool quiet) {
  RunResult r;
  Rng rng(seed);
  r.X = draw_points(s.points, s.min_separation, rng);
  std::vector<int> widths{2};
  for (int l = 0; l < s.depth; ++l) widths.push_back(s.width);
  widths.push_back(2);
  Mlp net = make_mlp(widths, parse_activation(s.act), Parametrization::standard, true, rng);
  Optimizer adam(Adam{.lr = s.lr}, parameters(net));
  r.training = train(net, r.X, r.X, LossKind::mse, adam,
                     {.tol = s.tol, .max_epochs = s.max_epochs, .quiet = quiet, .keep_history = false});
  const DynamicalMap f = mlp_map(net);

  // Attractor test at the training examples (AM Prop. 1).
  r.at_examples = spectra(jacobians(net, r.X));
  for (const auto& sp : r.at_examples) r.attractors += sp.spectral_radius < 1;

  // Each example's own fixed point x_i* (attracting or not), by Newton's method from x_i.
  r.fixed_points.resize(2, s.points);
  for (int i = 0; i < s.points; ++i) r.fixed_points.col(i) = newton_fixed_point(f, r.X.col(i));
  r.max_offset = (r.fixed_points - r.X).colwise().norm().maxCoeff();

  const Grid2d grid{-s.extent, s.extent, -s.extent, s.extent, s.grid, s.grid};
  IterationCriterion criterion = am_criterion(s.max_iterations);
  criterion.newton_polish = true;  // see the header: limits of slowly contracting orbits
  r.basins = basins_2d(f, r.fixed_points, grid, criterion);
  const IterationResult& g = r.basins.result;
  for (const Limit& limit : g.limits) {
    if (limit.example >= 0) continue;  // an example's own fixed point, matched once polished
    if (limit.period == 1) ++r.spurious_limits;
    else ++r.cycles;
    r.spurious_attractors += limit.period == 1 && limit.attracting();
  }
  // Basins against Voronoi cells of the attracting examples (an example that is not an
  // attractor has no basin): the 1-NN label of every grid point that reached an example.
  std::vector<int> attracting;
  for (int i = 0; i < s.points; ++i)
    if (r.at_examples[i].spectral_radius < 1) attracting.push_back(i);
  NearestExamples voronoi;
  if (!attracting.empty()) {
    voronoi = nearest_examples(r.X(Eigen::all, attracting), r.basins.points);
    for (int& index : voronoi.index) index = attracting[index];
  }
  int reached = 0, differ = 0;
  r.basin_fraction.assign(s.points, 0.0);
  for (size_t j = 0; j < g.ends.size(); ++j) {
    if (g.ends[j].kind != LimitKind::training_example) continue;
    ++reached;
    differ += voronoi.index.empty() || g.ends[j].example != voronoi.index[j];
    r.basin_fraction[g.ends[j].example] += 1.0 / static_cast<double>(g.ends.size());
  }
  r.fraction_at_examples = static_cast<double>(reached) / static_cast<double>(g.ends.size());
  r.voronoi_disagreement = reached ? static_cast<double>(differ) / reached : 0.0;
  return r;
}

// Every limit that is not an example's fixed point: where, how stable, how many grid starts.
Json spurious_json(const IterationResult& g) {
  Json out = Json::array();
  for (const Limit& l : g.limits) {
    if (l.example >= 0) continue;
    out.push_back({{"x", l.points(0, 0)}, {"y", l.points(1, 0)}, {"period", l.period},
                   {"spectral_radius", l.spectral_radius}, {"grid_starts", l.starts}});
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"AM Fig. 3: basins of attraction of 6 points in 2-D, vector field, no spurious attractors",
               "am-basins"};
  ExperimentFlags flags;
  add_experiment_flags(app, flags);
  Settings s;
  app.add_option("--points", s.points, "training points in [−1, 1]²")->capture_default_str()->check(CLI::Range(1, 1000));
  app.add_option("--depth", s.depth, "hidden layers (default 30, as in the paper)");
  app.add_option("--width", s.width, "hidden width (default 512, as in the paper)");
  app.add_option("--act", s.act, "activation")->capture_default_str();
  app.add_option("--lr", s.lr, "Adam learning rate")->capture_default_str();
  app.add_option("--tol", s.tol, "train until the MSE is below this")->capture_default_str();
  app.add_option("--max-epochs", s.max_epochs, "training epoch limit (default 50000 quick, 1000000 paper)");
  app.add_option("--grid", s.grid, "grid points per side (default 30 quick, 100 paper)");
  app.add_option("--extent", s.extent, "the grid covers [−e, e]²")->capture_default_str();
  app.add_option("--max-iterations", s.max_iterations, "iteration limit per grid point (default 5000 quick, 100000 paper)");

  return run_main(app, argc, argv, [&] {
    finish_experiment_flags(app, flags);
    const bool quick = flags.preset == "quick";
    if (s.depth == 0) s.depth = 30;
    if (s.width == 0) s.width = 512;
    if (s.grid == 0) s.grid = quick ? 30 : 100;
    if (s.max_epochs == 0) s.max_epochs = quick ? 50000 : 1000000;
    if (s.max_iterations == 0) s.max_iterations = quick ? 5000 : 100000;
    if (s.depth < 1 || s.width < 1 || s.grid < 2 || !(s.extent > 0))
      throw Error(fmt::format("--depth {} --width {} --grid {} --extent {}: expected positive sizes (grid >= 2)",
                              s.depth, s.width, s.grid, s.extent));
    const auto start = std::chrono::steady_clock::now();

    std::vector<RunResult> results(flags.runs);
    const bool quiet = flags.quiet || flags.json || flags.runs > 1;
    if (flags.runs == 1) results[0] = run(s, run_seed(flags.seed, 0), quiet);
    else parallel_runs(flags.runs, flags.threads, [&](int i) { results[i] = run(s, run_seed(flags.seed, i), quiet); });

    CsvTable csv({"run", "example", "x", "y", "fixed_point_offset", "spectral_radius", "operator_norm",
                  "basin_fraction", "final_loss"});
    int attractors = 0, total = 0, spurious_attractors = 0, converged = 0;
    double at_examples = 1, voronoi = 1;
    Json runs = Json::array();
    bool report_plot_failed = false;
    for (int i = 0; i < flags.runs; ++i) {
      const RunResult& r = results[i];
      for (int k = 0; k < s.points; ++k)
        csv.add_row({static_cast<long>(i), static_cast<long>(k), r.X(0, k), r.X(1, k),
                     (r.fixed_points.col(k) - r.X.col(k)).norm(), r.at_examples[k].spectral_radius,
                     r.at_examples[k].operator_norm, r.basin_fraction[k], r.training.final_loss});
      attractors += r.attractors;
      total += s.points;
      spurious_attractors += r.spurious_attractors;
      converged += r.training.converged();
      at_examples = std::min(at_examples, r.fraction_at_examples);
      voronoi = std::min(voronoi, r.voronoi_disagreement);
      const std::string tag = flags.runs == 1 ? "" : fmt::format("_run{}", i);
      write_basins_csv(flags.out + "/basins" + tag + ".csv", r.basins);
      write_matrix_csv(flags.out + "/examples" + tag + ".csv", r.X.transpose());
      const bool plotted = plot_basins(flags.out + "/basins" + tag + ".png", flags.out + "/basins" + tag + ".csv",
                                       flags.out + "/examples" + tag + ".csv", r.basins,
                                       fmt::format("AM Fig. 3: {} points, depth {}, width {}, {}", s.points, s.depth,
                                                   s.width, s.act),
                                       std::max(1, s.grid / 15));
      if (!plotted && i == 0 && gnuplot_available()) report_plot_failed = true;
      runs.push_back({{"run", i},
                      {"epochs", r.training.epochs},
                      {"final_loss", r.training.final_loss},
                      {"attractors", r.attractors},
                      {"max_fixed_point_offset", r.max_offset},
                      {"grid_fraction_at_examples", r.fraction_at_examples},
                      {"spurious_fixed_points", r.spurious_limits},
                      {"spurious_attractors", r.spurious_attractors},
                      {"cycles", r.cycles},
                      {"diverged", r.basins.result.count(LimitKind::diverged)},
                      {"undecided", r.basins.result.count(LimitKind::undecided)},
                      {"voronoi_disagreement", r.voronoi_disagreement},
                      {"spurious", spurious_json(r.basins.result)}});
    }
    csv.write(flags.out + "/results.csv");

    Report report;
    report.app = "am-basins";
    report.settings = {{"preset", flags.preset}, {"seed", flags.seed},      {"runs", flags.runs},
                       {"points", s.points},     {"depth", s.depth},        {"width", s.width},
                       {"act", s.act},           {"lr", s.lr},              {"tol", s.tol},
                       {"max_epochs", s.max_epochs}, {"grid", s.grid},      {"extent", s.extent},
                       {"max_iterations", s.max_iterations}};
    report.notes.push_back("the 6 points of AM Fig. 3 are not published: uniform in [−1, 1]², 0.3 apart, from --seed");
    report.notes.push_back("grid limits are matched (AM's 1e-7) to each example's own fixed point x_i*, not to x_i "
                           "(see max_fixed_point_offset)");
    if (!gnuplot_available()) report.notes.push_back("gnuplot not found: no figure");
    if (report_plot_failed) report.notes.push_back("gnuplot failed on the basins figure");
    report.comparisons.push_back(compare_abs("runs trained to MSE < tol", fmt::format("{}", flags.runs), std::nullopt,
                                             converged, flags.runs, 0));
    report.comparisons.push_back(compare_abs("examples that are attractors (ρ(J) < 1)", "all (6 of 6)",
                                             std::nullopt, attractors, total, 0));
    report.comparisons.push_back(compare_abs("spurious attractors among grid limits", "0", 0.0,
                                             spurious_attractors, 0, 0));
    report.comparisons.push_back(compare_range("grid fraction ending at an example (min)", "all (Fig. 3)",
                                               std::nullopt, at_examples, 0.99, 1));
    report.comparisons.push_back(compare_range("grid fraction whose basin ≠ Voronoi cell", "> 0 (not Voronoi)",
                                               std::nullopt, voronoi, 0.01, 1));
    report.extra = {{"runs", runs}};
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return finish_report(report, flags);
  });
}
