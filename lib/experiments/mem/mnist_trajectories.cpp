#include "lib/experiments/mem/mnist_trajectories.hpp"

#include <fmt/format.h>

#include "datasets/image_set.hpp"
#include "lib/dynamics/dynamical_map.hpp"
#include "lib/dynamics/nearest_example.hpp"
#include "lib/dynamics/spectra.hpp"

namespace memo::mem {

namespace {

// Where a batch of points stands against the training images X.
struct Landing {
  NearestExamples nearest;
  std::vector<bool> at;  // within reach·‖x‖ of its nearest training image
  double share = 0;
};

Landing landing(const Mat& X, const Mat& P, double reach) {
  Landing l{nearest_examples(X, P), {}, 0};
  int count = 0;
  for (Eigen::Index j = 0; j < P.cols(); ++j) {
    const bool at = l.nearest.distance(j) < reach * X.col(l.nearest.index[j]).norm();
    l.at.push_back(at);
    count += at;
  }
  l.share = static_cast<double>(count) / static_cast<double>(P.cols());
  return l;
}

struct PartResult {
  FcAutoencoder trained;
  int attractors = 0;
  double largest_radius = 0;
};

PartResult train_part(const Mat& X, const FcNetworkSettings& net, std::uint64_t seed, bool quiet) {
  PartResult r{train_fc_autoencoder(X, net, seed, quiet), 0, 0};
  for (const Spectrum& sp : spectra_at(mlp_map(r.trained.net), X)) {
    r.attractors += sp.spectral_radius < 1;
    r.largest_radius = std::max(r.largest_radius, sp.spectral_radius);
  }
  return r;
}

}  // namespace

std::vector<std::pair<std::string, MnistTrajectoriesSettings>> mnist_trajectories_presets() {
  MnistTrajectoriesSettings paper;
  paper.net.max_epochs = 100000;
  MnistTrajectoriesSettings quick = paper;  // (a) on fewer digits and starts, within 2 minutes
  quick.images = 30;
  quick.starts = 50;
  quick.net.max_epochs = 10000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_mnist_trajectories(const MnistTrajectoriesSettings& s, const ExperimentContext& context) {
  for (size_t k = 1; k < s.snapshots.size(); ++k)
    if (s.snapshots[k] <= s.snapshots[k - 1])
      throw Error(fmt::format("--snapshots: {} after {}: expected ascending iterations", s.snapshots[k], s.snapshots[k - 1]));
  const ImageSet set = load_image_set(s.dataset);
  ExperimentResult out;
  out.rows = CsvTable({"part", "start", "nearest_training_to_start", "end_training", "end_distance_relative", "steps"});

  // (a) trajectories of test digits.
  const ImageSplit a = split_images(set, s.images, s.starts, context.seed);
  const PartResult part_a = train_part(a.train, s.net, run_seed(context.seed, 1), context.quiet);
  std::vector<int> at{0};
  at.insert(at.end(), s.snapshots.begin(), s.snapshots.end());
  const Snapshots snaps = iterate_snapshots(mlp_map(part_a.trained.net), a.starts, at);
  const Landing end_a = landing(a.train, snaps.points.back(), s.reach);
  const NearestExamples start_nn = nearest_examples(a.train, a.starts);
  int ended = 0, differ = 0;
  std::vector<std::vector<Vec>> strip_a;
  for (Eigen::Index j = 0; j < a.starts.cols(); ++j) {
    const int end = end_a.nearest.index[j];
    ended += end_a.at[j];
    differ += end_a.at[j] && end != start_nn.index[j];
    out.rows.add_row({"a", static_cast<long>(j), static_cast<long>(start_nn.index[j]), end_a.at[j] ? static_cast<long>(end) : -1L,
                      end_a.nearest.distance(j) / a.train.col(end).norm(), static_cast<long>(snaps.steps[j])});
    if (j < s.shown) {
      std::vector<Vec> row;
      for (const Mat& P : snaps.points) row.push_back(P.col(j));
      row.push_back(a.train.col(end));
      row.push_back(a.train.col(start_nn.index[j]));
      strip_a.push_back(row);
    }
  }
  const double ended_share = static_cast<double>(ended) / static_cast<double>(a.starts.cols());

  // (b) superattractors: one application of f.
  const ImageSplit b = split_images(set, s.super_images, s.starts, run_seed(context.seed, 2));
  FcNetworkSettings deep = s.net;
  deep.depth = s.super_depth;
  const PartResult part_b = train_part(b.train, deep, run_seed(context.seed, 3), context.quiet);
  const Mat once = forward(part_b.trained.net, b.starts);
  const Landing end_b = landing(b.train, once, s.reach);
  std::vector<std::vector<Vec>> strip_b;
  for (Eigen::Index j = 0; j < b.starts.cols(); ++j) {
    out.rows.add_row({"b", static_cast<long>(j), -1L, end_b.at[j] ? static_cast<long>(end_b.nearest.index[j]) : -1L,
                      end_b.nearest.distance(j) / b.train.col(end_b.nearest.index[j]).norm(), 1L});
    if (j < s.shown) strip_b.push_back({b.starts.col(j), once.col(j), b.train.col(end_b.nearest.index[j])});
  }

  std::string columns = "start";
  for (int t : s.snapshots) columns += fmt::format(", f^{}", t);
  out.files.emplace_back("trajectories.csv", matrix_csv(tile_images(strip_a, a.side)));
  out.figures.push_back({"trajectories.png",
                         tiled_images_script("$OUT/trajectories.csv",
                                             fmt::format("MEM Fig. 3a: {}, nearest training image to the end, "
                                                         "nearest training image to the start",
                                                         columns),
                                             1000, 110 * static_cast<int>(strip_a.size()) + 80)});
  out.files.emplace_back("superattractors.csv", matrix_csv(tile_images(strip_b, b.side)));
  out.figures.push_back({"superattractors.png",
                         tiled_images_script("$OUT/superattractors.csv",
                                             "MEM Fig. 3b: test digit, f(digit), nearest training digit", 500,
                                             110 * static_cast<int>(strip_b.size()) + 80)});

  out.comparisons.push_back(compare_abs("networks trained to MSE < tol", "2", std::nullopt,
                                        part_a.trained.training.converged() + part_b.trained.training.converged(), 2, 0));
  out.comparisons.push_back(compare_range(fmt::format("(a) test trajectories at a training digit after {} iterations",
                                                      s.snapshots.back()),
                                          "almost all (Fig. 3a)", std::nullopt, ended_share, 0.9, 1));
  out.comparisons.push_back(compare_range("(b) test digits at a training digit after one iteration", "all (Fig. 3b)",
                                          std::nullopt, end_b.share, 0.9, 1));
  out.measured = {{"a_epochs", part_a.trained.training.epochs},
                  {"a_final_loss", part_a.trained.training.final_loss},
                  {"a_attractors", part_a.attractors},
                  {"a_largest_spectral_radius", part_a.largest_radius},
                  {"a_ended_share", ended_share},
                  {"a_ended_elsewhere_than_start_nearest", differ},
                  {"a_diverged", static_cast<int>(std::count(snaps.diverged.begin(), snaps.diverged.end(), true))},
                  {"b_epochs", part_b.trained.training.epochs},
                  {"b_final_loss", part_b.trained.training.final_loss},
                  {"b_attractors", part_b.attractors},
                  {"b_largest_spectral_radius", part_b.largest_radius},
                  {"b_share_after_one_iteration", end_b.share}};
  out.notes.push_back(fmt::format("starts: {} {} digits not used for training; at a training digit x: ‖z − x‖ < {:g}·‖x‖",
                                  s.starts, s.dataset, s.reach));
  out.notes.push_back(fmt::format("(a) {} of {} trajectories that reached a training digit ended at one other than the "
                                  "start's nearest training image",
                                  differ, ended));
  return out;
}

}  // namespace memo::mem
