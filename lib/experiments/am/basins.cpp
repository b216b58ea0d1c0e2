#include "lib/experiments/am/basins.hpp"

#include <fmt/format.h>

#include "lib/compute/parallel.hpp"
#include "lib/dynamics/basins.hpp"
#include "lib/dynamics/nearest_example.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/io/csv.hpp"
#include "lib/nn/train.hpp"

namespace memo::am {

namespace {

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

RunResult run_one(const BasinsSettings& s, std::uint64_t seed, bool quiet) {
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

std::vector<std::pair<std::string, BasinsSettings>> basins_presets() {
  BasinsSettings quick;  // the paper's network on a 30×30 grid
  BasinsSettings paper = quick;
  paper.grid = 100;
  paper.max_epochs = 1000000;
  paper.max_iterations = 100000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_basins(const BasinsSettings& s, const ExperimentContext& context) {
  // Data, model, training, measurement: one run per seed, side by side when there are several.
  std::vector<RunResult> results(s.runs);
  const bool quiet = context.quiet || s.runs > 1;
  if (s.runs == 1) results[0] = run_one(s, run_seed(context.seed, 0), quiet);
  else parallel_runs(s.runs, context.threads, [&](int i) { results[i] = run_one(s, run_seed(context.seed, i), quiet); });

  ExperimentResult out;
  out.rows = CsvTable({"run", "example", "x", "y", "fixed_point_offset", "spectral_radius", "operator_norm",
                       "basin_fraction", "final_loss"});
  int attractors = 0, total = 0, spurious_attractors = 0, converged = 0;
  double at_examples = 1, voronoi = 1;
  Json runs = Json::array();
  for (int i = 0; i < s.runs; ++i) {
    const RunResult& r = results[i];
    for (int k = 0; k < s.points; ++k)
      out.rows.add_row({static_cast<long>(i), static_cast<long>(k), r.X(0, k), r.X(1, k),
                        (r.fixed_points.col(k) - r.X.col(k)).norm(), r.at_examples[k].spectral_radius,
                        r.at_examples[k].operator_norm, r.basin_fraction[k], r.training.final_loss});
    attractors += r.attractors;
    total += s.points;
    spurious_attractors += r.spurious_attractors;
    converged += r.training.converged();
    at_examples = std::min(at_examples, r.fraction_at_examples);
    voronoi = std::min(voronoi, r.voronoi_disagreement);
    const std::string tag = s.runs == 1 ? "" : fmt::format("_run{}", i);
    out.files.emplace_back("basins" + tag + ".csv", basins_table(r.basins).str());
    out.files.emplace_back("examples" + tag + ".csv", matrix_csv(r.X.transpose()));
    out.figures.push_back(
        {"basins" + tag + ".png",
         basins_gnuplot_script("$OUT/basins" + tag + ".png", "$OUT/basins" + tag + ".csv", "$OUT/examples" + tag + ".csv",
                               r.basins, fmt::format("AM Fig. 3: {} points, depth {}, width {}, {}", s.points, s.depth,
                                                     s.width, s.act),
                               std::max(1, s.grid / 15))});
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

  // Comparison with the paper.
  out.notes.push_back("the 6 points of AM Fig. 3 are not published: uniform in [−1, 1]², 0.3 apart, from --seed");
  out.notes.push_back("grid limits are matched (AM's 1e-7) to each example's own fixed point x_i*, not to x_i "
                      "(see max_fixed_point_offset)");
  out.comparisons.push_back(compare_abs("runs trained to MSE < tol", fmt::format("{}", s.runs), std::nullopt,
                                        converged, s.runs, 0));
  out.comparisons.push_back(compare_abs("examples that are attractors (ρ(J) < 1)", fmt::format("all ({} of {})", total, total),
                                        std::nullopt, attractors, total, 0));
  out.comparisons.push_back(compare_abs("spurious attractors among grid limits", "0", 0.0, spurious_attractors, 0, 0));
  out.comparisons.push_back(compare_range("grid fraction ending at an example (min)", "all (Fig. 3)", std::nullopt,
                                          at_examples, 0.99, 1));
  out.comparisons.push_back(compare_range("grid fraction whose basin ≠ Voronoi cell", "> 0 (not Voronoi)",
                                          std::nullopt, voronoi, 0.01, 1));
  out.measured = {{"runs", runs}};
  return out;
}

}  // namespace memo::am
