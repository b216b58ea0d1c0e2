#include "lib/experiments/am/basins.hpp"

#include <fmt/format.h>

#include "datasets/synthetic.hpp"
#include "lib/dynamics/basins.hpp"
#include "lib/dynamics/nearest_example.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/io/csv.hpp"
#include "lib/nn/train.hpp"

namespace memo::am {

namespace {


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
  r.X = box_points(2, s.points, -1, 1, rng, s.min_separation);
  std::vector<int> widths{2};
  for (int l = 0; l < s.depth; ++l) widths.push_back(s.width);
  widths.push_back(2);
  Mlp net = make_mlp(widths, parse_activation(s.act), Parametrization::standard, true, rng);
  Optimizer adam(Adam{.lr = s.lr}, parameters(net));
  r.training = train(net, r.X, r.X, LossKind::mse, adam,
                     {.tol = s.tol, .max_epochs = s.max_epochs, .quiet = quiet, .keep_history = false});
  const DynamicalMap f = mlp_map(net);

  // Attractor test at the training examples (AM Prop. 1).
  r.at_examples = spectra_at(f, r.X);
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

namespace {

// One repetition of a --runs sweep as a row of results.csv: what the spread is about.
Json run_row(const RunResult& r) {
  double largest_radius = 0;
  for (const Spectrum& sp : r.at_examples) largest_radius = std::max(largest_radius, sp.spectral_radius);
  return Json{{"epochs", r.training.epochs},
              {"final_loss", r.training.final_loss},
              {"converged", r.training.converged()},
              {"attractors", r.attractors},
              {"largest_spectral_radius", largest_radius},
              {"max_fixed_point_offset", r.max_offset},
              {"grid_fraction_at_examples", r.fraction_at_examples},
              {"spurious_fixed_points", r.spurious_limits},
              {"spurious_attractors", r.spurious_attractors},
              {"cycles", r.cycles},
              {"diverged", r.basins.result.count(LimitKind::diverged)},
              {"undecided", r.basins.result.count(LimitKind::undecided)},
              {"voronoi_disagreement", r.voronoi_disagreement}};
}

void add_comparisons(ExperimentResult& out, int runs, int converged, int attractors, int total,
                     int spurious_attractors, double at_examples, double voronoi) {
  out.notes.push_back("the 6 points of AM Fig. 3 are not published: uniform in [−1, 1]², 0.3 apart, from --seed");
  out.notes.push_back("grid limits are matched (AM's 1e-7) to each example's own fixed point x_i*, not to x_i "
                      "(see max_fixed_point_offset)");
  out.comparisons.push_back(compare_abs("runs trained to MSE < tol", fmt::format("{}", runs), std::nullopt,
                                        converged, runs, 0));
  out.comparisons.push_back(compare_abs("examples that are attractors (ρ(J) < 1)", fmt::format("all ({} of {})", total, total),
                                        std::nullopt, attractors, total, 0));
  out.comparisons.push_back(compare_abs("spurious attractors among grid limits", "0", 0.0, spurious_attractors, 0, 0));
  out.comparisons.push_back(compare_range("grid fraction ending at an example (min)", "all (Fig. 3)", std::nullopt,
                                          at_examples, 0.99, 1));
  out.comparisons.push_back(compare_range("grid fraction whose basin ≠ Voronoi cell", "> 0 (not Voronoi)",
                                          std::nullopt, voronoi, 0.01, 1));
}

// One run: the basins picture, the vector field and a row per example.
ExperimentResult single_run(const BasinsSettings& s, const ExperimentContext& context) {
  const RunResult r = run_one(s, run_seed(context.seed, 0), context.quiet);
  ExperimentResult out;
  out.rows = CsvTable({"run", "example", "x", "y", "fixed_point_offset", "spectral_radius", "operator_norm",
                       "basin_fraction", "final_loss"});
  for (int k = 0; k < s.points; ++k)
    out.rows.add_row({0L, static_cast<long>(k), r.X(0, k), r.X(1, k), (r.fixed_points.col(k) - r.X.col(k)).norm(),
                      r.at_examples[k].spectral_radius, r.at_examples[k].operator_norm, r.basin_fraction[k],
                      r.training.final_loss});
  out.files.emplace_back("basins.csv", basins_table(r.basins).str());
  out.files.emplace_back("examples.csv", matrix_csv(r.X.transpose()));
  out.figures.push_back(
      {"basins.png", basins_gnuplot_script("$OUT/basins.png", "$OUT/basins.csv", "$OUT/examples.csv", r.basins,
                                           fmt::format("AM Fig. 3: {} points, depth {}, width {}, {}", s.points,
                                                       s.depth, s.width, s.act),
                                           std::max(1, s.grid / 15))});
  Json run = run_row(r);
  run["run"] = 0;
  run["spurious"] = spurious_json(r.basins.result);
  add_comparisons(out, 1, r.training.converged(), r.attractors, s.points, r.spurious_attractors,
                  r.fraction_at_examples, r.voronoi_disagreement);
  out.measured = {{"runs", Json::array({run})}};
  return out;
}

// Several runs: a sweep of repetitions (resumable, over --threads, MPI ranks or shards), one
// row each; the comparisons take the worst run, the figure shows the spread over runs.
ExperimentResult repeated_runs(const BasinsSettings& s, const ExperimentContext& context) {
  sweep::Sweep sweep;
  sweep.name = "am-basins";
  sweep.points = {Json::object()};
  sweep.repetitions = s.runs;
  sweep.run = [&](const Json&, int, std::uint64_t seed) { return run_row(run_one(s, seed, true)); };
  const auto rows = run_experiment_sweep(context, sweep, settings_json(s));
  if (!rows) return {};

  ExperimentResult out;
  int attractors = 0, spurious_attractors = 0, converged = 0;
  double at_examples = 1, voronoi = 1;
  std::vector<double> spurious, disagreement;
  std::string data;
  for (const Json& row : *rows) {
    attractors += row.at("attractors").get<int>();
    spurious_attractors += row.at("spurious_attractors").get<int>();
    converged += row.at("converged").get<bool>();
    at_examples = std::min(at_examples, row.at("grid_fraction_at_examples").get<double>());
    voronoi = std::min(voronoi, row.at("voronoi_disagreement").get<double>());
    spurious.push_back(row.at("spurious_fixed_points").get<double>());
    disagreement.push_back(row.at("voronoi_disagreement").get<double>());
    data += fmt::format("{} {} {} {:.6g}\n", row.at("repetition").get<int>(), row.at("attractors").get<int>(),
                        row.at("spurious_fixed_points").get<int>(), disagreement.back());
  }
  add_comparisons(out, s.runs, converged, attractors, s.runs * s.points, spurious_attractors, at_examples, voronoi);
  const Quartiles q = quartiles(disagreement);
  out.notes.push_back(fmt::format("over {} runs: basin ≠ Voronoi cell on {:.3g} of the grid (median; quartiles "
                                  "{:.3g}–{:.3g}); run with --runs 1 and another --seed to draw one run's basins",
                                  s.runs, q.median, q.lower, q.upper));
  out.measured = {{"runs", *rows},
                  {"voronoi_disagreement", {{"median", q.median}, {"lower_quartile", q.lower}, {"upper_quartile", q.upper}}},
                  {"spurious_fixed_points_median", quartiles(spurious).median}};
  out.files.emplace_back("runs.dat", data);
  out.figures.push_back(
      {"runs.png",
       fmt::format("set xlabel 'run'\nset ylabel 'count'\nset y2label 'grid fraction'\nset y2tics\nset ytics nomirror\n"
                   "set key outside\nset title 'AM Fig. 3 over {} runs: attractors of {}, spurious fixed points, basin ≠ Voronoi'\n"
                   "plot '$OUT/runs.dat' using 1:2 with linespoints title 'attractors', "
                   "'' using 1:3 with linespoints title 'spurious fixed points', "
                   "'' using 1:4 axes x1y2 with linespoints title 'basin ≠ Voronoi (right axis)'",
                   s.runs, s.points)});
  return out;
}

}  // namespace

ExperimentResult run_basins(const BasinsSettings& s, const ExperimentContext& context) {
  return s.runs == 1 ? single_run(s, context) : repeated_runs(s, context);
}

}  // namespace memo::am
