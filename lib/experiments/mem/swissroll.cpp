#include "lib/experiments/mem/swissroll.hpp"

#include <fmt/format.h>

#include "datasets/synthetic.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/nearest_example.hpp"
#include "lib/dynamics/spectra.hpp"

namespace memo::mem {

namespace {

std::string points_block(const Mat& P) {
  std::string out;
  for (Eigen::Index j = 0; j < P.cols(); ++j) out += fmt::format("{:.9g} {:.9g} {:.9g}\n", P(0, j), P(1, j), P(2, j));
  return out;
}

}  // namespace

std::vector<std::pair<std::string, SwissRollSettings>> swissroll_presets() {
  SwissRollSettings quick;
  SwissRollSettings paper = quick;
  paper.net.width = 512;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_swissroll(const SwissRollSettings& s, const ExperimentContext& context) {
  for (size_t k = 1; k < s.snapshots.size(); ++k)
    if (s.snapshots[k] <= s.snapshots[k - 1])
      throw Error(fmt::format("--snapshots: {} after {}: expected ascending iterations", s.snapshots[k], s.snapshots[k - 1]));
  Rng rng(context.seed);
  const SwissRoll roll = swiss_roll(s.points, rng);
  const double scale = roll.X.cwiseAbs().maxCoeff();
  const Mat X = roll.X / scale;
  const Vec lo = X.rowwise().minCoeff(), hi = X.rowwise().maxCoeff();
  const Mat starts = grid_points(lo, hi, s.grid);

  const FcAutoencoder trained = train_fc_autoencoder(X, s.net, run_seed(context.seed, 1), context.quiet);
  const DynamicalMap f = mlp_map(trained.net);
  const std::vector<Spectrum> at_examples = spectra_at(f, X);
  int attractors = 0;
  double largest_radius = 0;
  for (const Spectrum& sp : at_examples) {
    attractors += sp.spectral_radius < 1;
    largest_radius = std::max(largest_radius, sp.spectral_radius);
  }

  const Snapshots snaps = iterate_snapshots(f, starts, s.snapshots);
  std::vector<double> reached_share;
  for (const Mat& P : snaps.points) {
    const NearestExamples nearest = nearest_examples(X, P);
    reached_share.push_back((nearest.distance.array() < s.reach_distance).cast<double>().mean());
  }
  const Mat& last = snaps.points.back();
  const NearestExamples nearest = nearest_examples(X, last);
  int diverged = 0;
  for (const bool d : snaps.diverged) diverged += d;

  ExperimentResult out;
  out.rows = CsvTable({"start", "x0", "y0", "z0", "x", "y", "z", "nearest_example", "distance", "steps", "diverged"});
  for (Eigen::Index j = 0; j < starts.cols(); ++j)
    out.rows.add_row({static_cast<long>(j), starts(0, j), starts(1, j), starts(2, j), last(0, j), last(1, j), last(2, j),
                      static_cast<long>(nearest.index[j]), nearest.distance(j), static_cast<long>(snaps.steps[j]),
                      static_cast<long>(snaps.diverged[j])});
  std::string blocks;
  for (const Mat& P : snaps.points) blocks += points_block(P) + "\n\n";
  out.files.emplace_back("snapshots.dat", blocks);
  out.files.emplace_back("training.dat", points_block(X));
  std::string script = "set terminal pngcairo size 1600,460 noenhanced\nset multiplot layout 1," +
                       std::to_string(s.snapshots.size()) + "\nunset key\nset view 70,30\nset xtics 0.5; set ytics 0.5; set ztics 0.5\n" +
                       fmt::format("set xrange [{}:{}]; set yrange [{}:{}]; set zrange [{}:{}]\n", lo(0), hi(0), lo(1),
                                   hi(1), lo(2), hi(2));
  for (size_t k = 0; k < s.snapshots.size(); ++k)
    script += fmt::format(
        "set title 'MEM Fig. 2: after {} iterations ({:.0f}% reached)'\n"
        "splot '$OUT/snapshots.dat' index {} using 1:2:3 with points pt 7 ps 0.3 lc rgb 'forest-green', "
        "'$OUT/training.dat' using 1:2:3 with points pt 7 ps 0.5 lc rgb 'red'\n",
        s.snapshots[k], 100 * reached_share[k], k);
  script += "unset multiplot\n";
  out.figures.push_back({"swissroll.png", script});

  out.comparisons.push_back(compare_abs("network trained to MSE < tol", "converged", std::nullopt,
                                        trained.training.converged(), 1, 0));
  out.comparisons.push_back(compare_abs("training points with ρ(J) < 1", fmt::format("all ({})", s.points), std::nullopt,
                                        attractors, s.points, 0));
  out.comparisons.push_back(compare_range(fmt::format("starts that reach a training point after {} iterations",
                                                      s.snapshots.back()),
                                          "most (Fig. 2)", std::nullopt, reached_share.back(), 0.5, 1));
  out.measured = {{"epochs", trained.training.epochs},
                  {"final_loss", trained.training.final_loss},
                  {"scale", scale},
                  {"attractors", attractors},
                  {"largest_spectral_radius", largest_radius},
                  {"snapshots", s.snapshots},
                  {"reached_share", reached_share},
                  {"diverged", diverged},
                  {"distinct_training_points_reached",
                   [&] {
                     std::vector<bool> hit(s.points, false);
                     for (Eigen::Index j = 0; j < last.cols(); ++j)
                       if (nearest.distance(j) < s.reach_distance) hit[nearest.index[j]] = true;
                     return static_cast<int>(std::count(hit.begin(), hit.end(), true));
                   }()}};
  out.notes.push_back(fmt::format("Swiss roll divided by {:.4g} (largest |coordinate|); starts: {}³ grid over the data's box; "
                                  "reached: within {:g} of a training point",
                                  scale, s.grid, s.reach_distance));
  return out;
}

}  // namespace memo::mem
