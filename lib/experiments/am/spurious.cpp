#include "lib/experiments/am/spurious.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "datasets/image_set.hpp"
#include "datasets/preprocess.hpp"
#include "datasets/selection.hpp"
#include "lib/dynamics/iteration.hpp"
#include "lib/experiments/am/images.hpp"
#include "lib/io/csv.hpp"

namespace memo::am {

namespace {

// `count` images of the set that are not training images, in a seeded random order.
Mat held_out_images(const ImageMemorySettings& s, const std::vector<Eigen::Index>& training, int count,
                    std::uint64_t seed) {
  const ImageSet set = load_image_set(s.dataset);
  const Eigen::Index available = set.size() - static_cast<Eigen::Index>(training.size());
  if (count > available)
    throw Error(fmt::format("--test-starts {}: expected at most the {} images of {} outside the training set", count,
                            available, s.dataset));
  std::vector<Eigen::Index> order = select_examples(set.labels, {.count = set.size(), .seed = seed});
  std::vector<Eigen::Index> chosen;
  for (Eigen::Index i : order) {
    if (static_cast<int>(chosen.size()) == count) break;
    if (std::find(training.begin(), training.end(), i) == training.end()) chosen.push_back(i);
  }
  Mat X = image_columns(set, chosen);
  if (s.downsample > 1) X = downsample(X, set.height, set.width, s.downsample);
  return X;
}

}  // namespace

std::vector<std::pair<std::string, SpuriousSettings>> spurious_presets() {
  SpuriousSettings quick;  // am-images' quick network, 300 starts of each kind
  SpuriousSettings paper = quick;
  paper.network = images_presets().back().second.network;  // am-images' paper network
  paper.test_starts = 9500;
  paper.uniform_starts = 10000;
  paper.gaussian_starts = 10000;
  paper.max_iterations = 10000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_spurious(const SpuriousSettings& s, const ExperimentContext& context) {
  const Eigen::Index held_out = load_image_set(s.network.dataset).size() - s.network.examples;
  if (s.test_starts > held_out)  // before training, not after
    throw Error(fmt::format("--test-starts {}: expected at most the {} images of {} outside the training set",
                            s.test_starts, held_out, s.network.dataset));
  Rng rng(context.seed);
  const ImageMemory m = train_image_memory(s.network, context.seed, rng, context.quiet);
  const DynamicalMap f = mlp_map(m.net);
  const Eigen::Index d = m.X.rows();
  const std::vector<std::string> set_names{"test images", "uniform U[0,1]", "Gaussian N(0,4)"};
  const std::vector<int> counts{s.test_starts, s.uniform_starts, s.gaussian_starts};
  Mat starts(d, s.test_starts + s.uniform_starts + s.gaussian_starts);
  starts.leftCols(s.test_starts) = held_out_images(s.network, m.indices, s.test_starts, context.seed + 1);
  starts.middleCols(s.test_starts, s.uniform_starts) = random_uniform(d, s.uniform_starts, rng, 0, 1);
  starts.rightCols(s.gaussian_starts) = random_normal(d, s.gaussian_starts, rng, s.gaussian_std);

  IterationCriterion criterion = am_criterion(s.max_iterations);
  criterion.newton_polish = true;
  const IterationResult result = iterate(f, starts, m.fixed_points, criterion);

  ExperimentResult out;
  out.rows = CsvTable({"starts", "count", "training_example", "spurious_fixed_point", "cycle", "diverged", "undecided"});
  Json by_set = Json::array();
  int first = 0;
  for (size_t k = 0; k < counts.size(); ++k) {
    std::vector<long> kinds(5, 0);
    for (int j = first; j < first + counts[k]; ++j) ++kinds[static_cast<size_t>(result.ends[j].kind)];
    first += counts[k];
    out.rows.add_row({set_names[k], static_cast<long>(counts[k]), kinds[0], kinds[1], kinds[2], kinds[3], kinds[4]});
    by_set.push_back({{"starts", set_names[k]}, {"count", counts[k]}, {"training_example", kinds[0]},
                      {"spurious_fixed_point", kinds[1]}, {"cycle", kinds[2]}, {"diverged", kinds[3]},
                      {"undecided", kinds[4]}});
  }
  CsvTable limits({"period", "spectral_radius", "attracting", "starts", "nearest_example", "nearest_distance"});
  int spurious_attractors = 0, spurious_limits = 0;
  double smallest_spurious_radius = std::nan("");
  for (const Limit& l : result.limits) {
    if (l.example >= 0) continue;  // an example's own fixed point, matched once polished
    ++spurious_limits;
    spurious_attractors += l.attracting();
    if (!(smallest_spurious_radius <= l.spectral_radius)) smallest_spurious_radius = l.spectral_radius;
    limits.add_row({static_cast<long>(l.period), l.spectral_radius, static_cast<long>(l.attracting()),
                    static_cast<long>(l.starts), static_cast<long>(l.nearest_example), l.nearest_distance});
  }
  const int n = s.network.examples;
  out.comparisons.push_back(compare_abs("examples that are attractors (ρ(J(x_i*)) < 1)", fmt::format("all ({})", n),
                                        std::nullopt, m.attractors, n, 0));
  out.comparisons.push_back(compare_abs("spurious attractors (distinct limits, ρ < 1)", "0", 0.0,
                                        spurious_attractors, 0, 0));
  out.measured = {{"training", m.fit.describe()},
                  {"converged", m.fit.converged()},
                  {"largest_spectral_radius", m.largest_spectral_radius},
                  {"max_fixed_point_offset", m.max_fixed_point_offset},
                  {"newton_failures", m.newton_failures},
                  {"starts", by_set},
                  {"spurious_limits", spurious_limits},
                  {"spurious_attractors", spurious_attractors},
                  {"smallest_spurious_spectral_radius", smallest_spurious_radius},
                  {"at_training_examples", result.count(LimitKind::training_example)},
                  {"total_starts", static_cast<long>(starts.cols())}};
  out.notes.push_back(fmt::format("{} stands in for ImageNet-64; test starts are {} images outside the training set "
                                  "(AM: 40,000 ImageNet-64 test images)",
                                  s.network.dataset, s.test_starts));
  out.files.emplace_back("limits.csv", limits.str());
  out.figures.push_back(
      {"limits.png",
       "set output '$OUT/limits.png'\nset datafile separator ','\nset style data histograms\n"
       "set style histogram rowstacked\nset style fill solid 0.8 border -1\nset boxwidth 0.6\nset key outside\n"
       "set ylabel 'starts'\nset title 'AM Fig. 2 text: where iteration from each kind of start ends'\n"
       "plot for [c=3:7] '$OUT/results.csv' using c:xtic(1) title columnheader(c)\n"});
  return out;
}

}  // namespace memo::am
