#include "lib/experiments/ntk/linear_region.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "datasets/synthetic.hpp"
#include "lib/core/random.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/ntk/autoencoder.hpp"
#include "theory/ntk_regimes.hpp"

namespace memo::ntk {

namespace {

struct Run {
  std::vector<int> counts;     // moduli above the threshold, per training point
  std::vector<double> moduli;  // every |λ| at every training point
  double worst_unit = 0, largest_other = 0;
  long epochs = 0;
  bool condition = false;      // Lemma 4's sufficient condition for this network
};

Run run_one(const LinearRegionSettings& s, int n, std::uint64_t seed) {
  Run run;
  Rng data_rng(run_seed(seed, 200 + n));
  const Mat X = sphere_points(s.n0, n, s.radius, data_rng);
  Mlp net = autoencoder(s.n0, s.width, "sigmoid", run_seed(seed, 300 + n));
  const double J0_norm = operator_norm(jacobian(net, X.col(0)));
  const double w1_row_sum = (net.layers[1].weight.value.rowwise().sum() / std::sqrt(double(s.width))).norm();
  run.condition = lemma4_condition(0.25, 0.5, J0_norm, w1_row_sum, s.radius, s.n0);
  run.epochs = train_to_loss(net, X, s.tol, s.max_epochs).epochs;
  for (Eigen::Index i = 0; i < n; ++i) {
    const ComplexVec lambda = eigenvalues(jacobian(net, X.col(i)));
    int count = 0;
    for (Eigen::Index j = 0; j < lambda.size(); ++j) {
      const double modulus = std::abs(lambda(j));
      run.moduli.push_back(modulus);
      if (modulus > s.threshold) ++count, run.worst_unit = std::max(run.worst_unit, std::abs(modulus - 1));
      else run.largest_other = std::max(run.largest_other, modulus);
    }
    run.counts.push_back(count);
  }
  return run;
}

// A run as a sweep row and back: scalar columns, one per training point and per modulus, the same
// for every n (results.csv has one header), so a run of n < largest_n leaves the last ones empty.
Json to_row(const Run& run, int largest_n, int n0) {
  Json row = {{"worst_unit", run.worst_unit}, {"largest_other", run.largest_other}, {"epochs", run.epochs},
              {"condition", run.condition}};
  for (size_t i = 0; i < static_cast<size_t>(largest_n); ++i)
    row[fmt::format("count_{}", i)] = i < run.counts.size() ? Json(run.counts[i]) : Json("");
  for (size_t j = 0; j < static_cast<size_t>(largest_n * n0); ++j)
    row[fmt::format("modulus_{}", j)] = j < run.moduli.size() ? Json(run.moduli[j]) : Json("");
  return row;
}

Run from_row(const Json& row, int n, int n0) {
  Run run;
  run.worst_unit = row.at("worst_unit").get<double>();
  run.largest_other = row.at("largest_other").get<double>();
  run.epochs = row.at("epochs").get<long>();
  run.condition = row.at("condition").get<bool>();
  for (int i = 0; i < n; ++i) run.counts.push_back(row.at(fmt::format("count_{}", i)).get<int>());
  for (int j = 0; j < n * n0; ++j) run.moduli.push_back(row.at(fmt::format("modulus_{}", j)).get<double>());
  return run;
}

}  // namespace

std::vector<std::pair<std::string, LinearRegionSettings>> linear_region_presets() {
  LinearRegionSettings quick;  // NTK §5.3's setting, one repetition
  LinearRegionSettings paper = quick;
  paper.repetitions = 100;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_linear_region(const LinearRegionSettings& s, const ExperimentContext& context) {
  const int sizes = static_cast<int>(s.sizes.size());
  for (const int n : s.sizes)
    if (n > s.n0) throw Error(fmt::format("--sizes {}: expected at most n0 = {} points (Lemma 4 needs n ≤ n0)", n, s.n0));
  // point n, repetition rep; the seeds are repetition_seed's (as a single run draws), not the sweep's own
  sweep::Sweep sweep;
  sweep.name = "ntk-linear-region";
  for (const int n : s.sizes) sweep.points.push_back({{"n", n}});
  sweep.repetitions = s.repetitions;
  sweep.run = [&](const Json& point, int rep, std::uint64_t) {
    return to_row(run_one(s, point.at("n").get<int>(), repetition_seed(context.seed, rep)),
                  *std::max_element(s.sizes.begin(), s.sizes.end()), s.n0);
  };
  const auto rows = run_experiment_sweep(context, sweep, settings_json(s));
  if (!rows) return {};
  std::vector<Run> runs(sizes * s.repetitions);  // runs[rep · sizes + k]
  for (int k = 0; k < sizes; ++k)
    for (int rep = 0; rep < s.repetitions; ++rep)
      runs[rep * sizes + k] = from_row((*rows)[k * s.repetitions + rep], s.sizes[k], s.n0);

  ExperimentResult out;
  out.rows = CsvTable({"n", "repetition", "point", "moduli_near_1", "expected", "lemma4_condition", "epochs"});
  Json measured = Json::array();
  std::string data;
  std::string plot = fmt::format("set style fill transparent solid 0.4\nset boxwidth 0.05\nset xrange [0:1.15]\n"
                                 "set xlabel '|λ| of the trained Jacobian at the training points'\nset ylabel 'fraction'\n"
                                 "set title 'NTK Fig. E.1: n0 = {}, r = {:g}, width {}: (n − 1)/n0 of the moduli sit at 1'\nplot ",
                                 s.n0, s.radius, s.width);
  for (int k = 0; k < sizes; ++k) {
    const int n = s.sizes[k], expected = unit_eigenvalue_multiplicity(0.5, n);
    const double theory = unit_eigenvalue_fraction(0.5, n, s.n0);
    double fraction = 0, worst_unit = 0, largest_other = 0;
    int wrong_counts = 0, conditions = 0;
    long epochs = 0;
    std::vector<double> share(24, 0.0);  // Fig. E.1: the share of moduli per bin of width 0.05
    for (int rep = 0; rep < s.repetitions; ++rep) {
      const Run& run = runs[rep * sizes + k];
      for (size_t i = 0; i < run.counts.size(); ++i) {
        fraction += double(run.counts[i]) / s.n0 / n / s.repetitions;
        wrong_counts += run.counts[i] != expected;
        out.rows.add_row({static_cast<long>(n), static_cast<long>(rep), static_cast<long>(i),
                          static_cast<long>(run.counts[i]), static_cast<long>(expected),
                          static_cast<long>(run.condition), run.epochs});
      }
      for (const double modulus : run.moduli)
        share[std::min<size_t>(23, static_cast<size_t>(modulus / 0.05 + 0.5))] +=
            1.0 / static_cast<double>(run.moduli.size() * s.repetitions);
      worst_unit = std::max(worst_unit, run.worst_unit);
      largest_other = std::max(largest_other, run.largest_other);
      conditions += run.condition;
      epochs = std::max(epochs, run.epochs);
    }
    Comparison c = compare_abs(fmt::format("n = {}: share of |λ| > {:g}", n, s.threshold),
                               fmt::format("{:.0f}%", 100 * theory), theory, fraction, theory, 0);
    c.tolerance = fmt::format("count of |λ| > {:g} equal to n − 1 at every training point", s.threshold);
    c.agrees = wrong_counts == 0;
    out.comparisons.push_back(c);
    out.comparisons.push_back(compare_abs(fmt::format("n = {}: networks meeting Lemma 4's condition", n),
                                          fmt::format("{}", s.repetitions), std::nullopt, conditions, s.repetitions, 0));
    measured.push_back({{"n", n}, {"share_near_1", fraction}, {"theory", theory}, {"points_with_other_count", wrong_counts},
                        {"unit_moduli_within", worst_unit}, {"largest_other_modulus", largest_other},
                        {"lemma4_condition_holds", conditions}, {"most_epochs", epochs}});
    for (size_t b = 0; b < share.size(); ++b) data += fmt::format("{:.3f} {:.6f}\n", 0.05 * b, share[b]);
    data += "\n\n";
    plot += fmt::format("{}'$OUT/moduli.dat' index {} using 1:2 with boxes title 'n = {}'", k ? ", " : "", k, n);
  }
  out.measured = {{"sizes", measured}, {"linear_region_radius", linear_region_radius(s.n0)}};
  out.files.emplace_back("moduli.dat", data);
  out.figures.push_back({"moduli.png", plot});
  return out;
}

}  // namespace memo::ntk
