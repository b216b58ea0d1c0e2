#include "lib/experiments/am/sequences.hpp"

#include <fmt/format.h>
#include <numeric>

#include "datasets/image_set.hpp"
#include "datasets/preprocess.hpp"
#include "datasets/selection.hpp"
#include "datasets/synthetic.hpp"
#include "lib/dynamics/basins.hpp"
#include "lib/dynamics/limit_cycles.hpp"
#include "lib/io/csv.hpp"
#include "lib/nn/train.hpp"

namespace memo::am {

namespace {

struct TrainedCycles {
  Mlp net;
  TrainResult fit;
  std::vector<StoredCycle> cycles;
  Mat orbits;                 // the exact periodic orbits, cycle after cycle, as X
  double max_orbit_offset = 0;  // max ‖orbit point − stored point‖
  int orbit_failures = 0;       // cycles whose orbit Newton's method did not find
};

// Trains f(x_i) = next point of its cycle (AM §4) and finds every cycle's exact orbit.
void train_cycles(TrainedCycles& t, const Mat& X, const std::vector<int>& lengths, int depth, int width,
                  const std::string& act, const SequencesSettings& s, Rng& rng, bool quiet) {
  std::vector<int> widths{static_cast<int>(X.rows())};
  widths.insert(widths.end(), depth, width);
  widths.push_back(static_cast<int>(X.rows()));
  t.net = make_mlp(widths, parse_activation(act), Parametrization::standard, true, rng);
  Optimizer adam(Adam{.lr = s.lr}, parameters(t.net));
  t.fit = train(t.net, X, sequence_targets(X, lengths), LossKind::mse, adam,
                {.tol = s.tol, .max_epochs = s.max_epochs, .quiet = quiet, .keep_history = false});
  const DynamicalMap f = mlp_map(t.net);
  t.cycles = stored_cycles(f, X, lengths);
  t.orbits.resize(X.rows(), X.cols());
  for (const StoredCycle& c : t.cycles) {
    try {
      t.orbits.middleCols(c.first, c.length) = periodic_orbit(f, X.col(c.first), c.length);
    } catch (const Error&) {
      ++t.orbit_failures;  // no periodic orbit next to the stored points: match against them
      t.orbits.middleCols(c.first, c.length) = X.middleCols(c.first, c.length);
    }
  }
  t.max_orbit_offset = (t.orbits - X).colwise().norm().maxCoeff();
}


// The cycle (index into `cycles`) whose stored points include column `example`.
int cycle_of(const std::vector<StoredCycle>& cycles, int example) {
  for (size_t c = 0; c < cycles.size(); ++c)
    if (example >= cycles[c].first && example < cycles[c].first + cycles[c].length) return static_cast<int>(c);
  return -1;
}

// Starts whose trajectory ended on each stored cycle.
std::vector<int> starts_per_cycle(const IterationResult& r, const std::vector<StoredCycle>& cycles) {
  std::vector<int> count(cycles.size(), 0);
  for (const TrajectoryEnd& e : r.ends)
    if (e.kind == LimitKind::cycle && e.example >= 0) ++count[cycle_of(cycles, e.example)];
  return count;
}

}  // namespace

std::vector<std::pair<std::string, SequencesSettings>> sequences_presets() {
  SequencesSettings quick;
  SequencesSettings paper = quick;
  paper.downsample = 1;
  paper.grid = 100;
  paper.noise_starts = 1000;
  paper.max_epochs = 1000000;
  paper.max_iterations = 100000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_sequences(const SequencesSettings& s, const ExperimentContext& context) {
  Rng rng(context.seed);
  // (b) the two digit sequences, 0→9 and 9→0, with 20 distinct images.
  const ImageSet set = load_image_set(s.dataset);
  if (set.height % s.downsample != 0)
    throw Error(fmt::format("--downsample {}: expected a divisor of the image side {}", s.downsample, set.height));
  std::vector<int> order(20);
  std::iota(order.begin(), order.begin() + 10, 0);
  for (int i = 0; i < 10; ++i) order[10 + i] = 9 - i;
  Mat digits = image_columns(set, select_sequence(set.labels, order, context.seed));
  if (s.downsample > 1) digits = downsample(digits, set.height, set.width, s.downsample);
  TrainedCycles b;
  train_cycles(b, digits, {10, 10}, s.digits_depth, s.digits_width, s.digits_act, s, rng, context.quiet);
  const DynamicalMap fb = mlp_map(b.net);
  IterationCriterion criterion = am_criterion(s.max_iterations);
  const Mat noise = random_normal(digits.rows(), s.noise_starts, rng, s.noise_std);
  const IterationResult from_noise = iterate(fb, noise, b.orbits, criterion);
  const std::vector<int> noise_per_cycle = starts_per_cycle(from_noise, b.cycles);

  // (c) cycles of length 3 in the plane and their basins.
  const int n = s.cycles * s.cycle_length;
  const Mat points = box_points(2, n, -1, 1, rng, s.min_separation);
  TrainedCycles c;
  train_cycles(c, points, std::vector<int>(s.cycles, s.cycle_length), s.plane_depth, s.plane_width, s.plane_act, s,
               rng, context.quiet);
  const DynamicalMap fc = mlp_map(c.net);
  const Grid2d grid{-s.extent, s.extent, -s.extent, s.extent, s.grid, s.grid};
  const Basins basins = basins_2d(fc, c.orbits, grid, criterion);
  const std::vector<int> grid_per_cycle = starts_per_cycle(basins.result, c.cycles);
  int spurious_attractors = 0;
  for (const Limit& l : basins.result.limits) spurious_attractors += l.example < 0 && l.attracting();
  for (const Limit& l : from_noise.limits) spurious_attractors += l.example < 0 && l.attracting();

  ExperimentResult out;
  out.rows = CsvTable({"part", "cycle", "length", "spectral_radius", "max_error", "starts_reaching"});
  Json cycles_json = Json::array();
  auto add = [&](const std::string& part, const TrainedCycles& t, const std::vector<int>& reached) {
    for (size_t k = 0; k < t.cycles.size(); ++k) {
      const StoredCycle& cyc = t.cycles[k];
      out.rows.add_row({part, static_cast<long>(k), static_cast<long>(cyc.length), cyc.spectral_radius, cyc.max_error,
                        static_cast<long>(reached[k])});
      cycles_json.push_back({{"part", part}, {"cycle", k}, {"spectral_radius", cyc.spectral_radius},
                             {"max_error", cyc.max_error}, {"starts_reaching", reached[k]}});
    }
  };
  add("4b digits", b, noise_per_cycle);
  add("4c plane", c, grid_per_cycle);
  auto stable = [](const TrainedCycles& t) {
    int k = 0;
    for (const StoredCycle& cyc : t.cycles) k += cyc.stable();
    return k;
  };
  auto reached = [](const std::vector<int>& v) {
    int k = 0;
    for (int x : v) k += x > 0;
    return k;
  };
  const int grid_on_cycles = std::accumulate(grid_per_cycle.begin(), grid_per_cycle.end(), 0);
  out.comparisons.push_back(compare_abs("networks trained to MSE < tol", "2", std::nullopt,
                                        b.fit.converged() + c.fit.converged(), 2, 0));
  out.comparisons.push_back(compare_abs("digit cycles stable (ρ(J_{f^10}) < 1)", "2 (ρ .0034, .0033)", std::nullopt,
                                        stable(b), 2, 0));
  out.comparisons.push_back(compare_abs("digit sequences recovered from Gaussian noise", "2", std::nullopt,
                                        reached(noise_per_cycle), 2, 0));
  out.comparisons.push_back(compare_abs("plane cycles stable (ρ(J_{f^3}) < 1)", fmt::format("{}", s.cycles),
                                        std::nullopt, stable(c), s.cycles, 0));
  out.comparisons.push_back(compare_abs("plane cycles with a basin on the grid", fmt::format("{}", s.cycles),
                                        std::nullopt, reached(grid_per_cycle), s.cycles, 0));
  out.comparisons.push_back(compare_abs("spurious attractors (noise and grid starts)", "—", 0.0,
                                        spurious_attractors, 0, 0));
  out.measured = {{"digits_training", b.fit.describe()},
                  {"plane_training", c.fit.describe()},
                  {"digits_spectral_radius", {b.cycles[0].spectral_radius, b.cycles[1].spectral_radius}},
                  {"digits_orbit_offset", b.max_orbit_offset},
                  {"plane_orbit_offset", c.max_orbit_offset},
                  {"orbit_failures", b.orbit_failures + c.orbit_failures},
                  {"noise_starts_per_cycle", noise_per_cycle},
                  {"noise_undecided", from_noise.count(LimitKind::undecided)},
                  {"noise_diverged", from_noise.count(LimitKind::diverged)},
                  {"grid_fraction_on_cycles", static_cast<double>(grid_on_cycles) / basins.points.cols()},
                  {"grid_undecided", basins.result.count(LimitKind::undecided)},
                  {"spurious_attractors", spurious_attractors},
                  {"cycles", cycles_json}};
  out.notes.push_back("the 12 points of AM Fig. 4c are not published: uniform in [−1, 1]², 0.3 apart, from --seed");
  out.notes.push_back("limits are matched (AM's 1e-7) to each cycle's exact periodic orbit (Newton), see the orbit "
                      "offsets");
  out.files.emplace_back("basins.csv", basins_table(basins).str());
  out.files.emplace_back("points.csv", matrix_csv(points.transpose()));
  out.figures.push_back(
      {"basins.png",
       basins_gnuplot_script("$OUT/basins.png", "$OUT/basins.csv", "$OUT/points.csv", basins,
                             fmt::format("AM Fig. 4c: {} cycles of length {}, depth {}, width {}, {}", s.cycles,
                                         s.cycle_length, s.plane_depth, s.plane_width, s.plane_act),
                             std::max(1, s.grid / 15))});
  return out;
}

}  // namespace memo::am
