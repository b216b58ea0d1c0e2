#include "lib/experiments/am/unet.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "lib/dynamics/corruption.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/mem/conv_images.hpp"
#include "lib/experiments/mem/fc_autoencoder.hpp"
#include "lib/nn/unet.hpp"

namespace memo::am {

namespace {

// AM Fig. S5a: max eigenvalue of J_f at each of its 10 training images.
constexpr double kPaperS5[] = {0.03, 0.02, 0.05, 0.09, 0.04, 0.21, 0.02, 0.08, 0.05, 0.09};

}  // namespace

std::vector<std::pair<std::string, UNetMemorySettings>> unet_memory_presets() {
  UNetMemorySettings quick;
  UNetMemorySettings s5 = quick;
  s5.network.size = 32;
  s5.network.levels = 5;
  s5.max_epochs = 20000;
  UNetMemorySettings s6 = s5;
  s6.images = 100;
  s6.copies = 1;
  return {{"quick", quick}, {"paper", s5}, {"s6", s6}};
}

ExperimentResult run_unet_memory(const UNetMemorySettings& s, const ExperimentContext& context) {
  const Mat X = mem::conv_images(s.dataset, s.images, s.network.size, run_seed(context.seed, 1));
  const int d = static_cast<int>(X.rows()), n = s.images;
  Rng rng(run_seed(context.seed, 0));
  const UNetTraining training = s.network.training(s.lr, s.tol, s.max_epochs);
  UNet net;
  const TrainResult fit = train_unet(net, X, training, rng, context.quiet);
  const DynamicalMap f = unet_map(net);

  // AM Prop. 1: x_i is an attractor when ρ(J_f) < 1 there (S5a reports it at the training image).
  const std::vector<Spectrum> at_examples = spectra(f.jacobians(X));
  std::vector<double> radius(n);
  for (int i = 0; i < n; ++i) radius[i] = at_examples[i].spectral_radius;
  const int attractors = static_cast<int>(std::count_if(radius.begin(), radius.end(), [](double r) { return r < 1; }));
  const double max_radius = *std::max_element(radius.begin(), radius.end());
  const double min_radius = *std::min_element(radius.begin(), radius.end());

  // Iterate the training images and their corrupted copies side by side (columns 0 … n−1: X).
  Corruption corruption = parse_corruption(s.corruption);
  corruption.image_side = s.network.size;
  const CorruptedSet copies = corrupted_copies(X, corruption, s.copies, rng);
  Mat starts(d, n + copies.points.cols());
  starts << X, copies.points;
  std::vector<int> at = {0};
  for (int t = 1; t < s.max_iterations; t *= 2) at.push_back(t);
  at.push_back(s.max_iterations);
  const mem::Snapshots snap = mem::iterate_snapshots(f, starts, at, 0.01 * s.match_tol);
  const Mat& limits = snap.points.back();
  int recovered = 0;
  double max_offset = 0;
  for (int i = 0; i < n; ++i) max_offset = std::max(max_offset, (limits.col(i) - X.col(i)).norm());
  // x_i's own limit counts as x_i's memory only when x_i is the training image nearest to it
  // (a repelling x_i drifts away, and copies that follow it are not recovered).
  std::vector<bool> limit_is_own(n);
  for (int i = 0; i < n; ++i) {
    Eigen::Index nearest = 0;
    (X.colwise() - limits.col(i)).colwise().norm().minCoeff(&nearest);
    limit_is_own[i] = !snap.diverged[i] && nearest == i;
  }
  std::vector<bool> copy_recovered(copies.source.size());
  for (size_t j = 0; j < copies.source.size(); ++j) {
    const int i = copies.source[j];
    copy_recovered[j] = limit_is_own[i] && !snap.diverged[n + j] && (limits.col(n + j) - limits.col(i)).norm() < s.match_tol;
    recovered += copy_recovered[j];
  }
  const int total = static_cast<int>(copies.source.size());

  ExperimentResult out;
  out.notes.push_back(fmt::format("{} images of {} (padded to 32×32{}) stand in for CIFAR-10 / ImageNet-32", n,
                                  s.dataset, s.network.size < 32 ? fmt::format(", pooled to {}×{}", s.network.size, s.network.size) : ""));
  out.notes.push_back(fmt::format("U-Net: {}, {} parameters; {}", s.network.description(), parameter_count(net),
                                  fit.describe()));
  if (!fit.converged())
    out.notes.push_back(fmt::format("the MSE stayed above {:g} after {} Adam steps (AM trains to 1e-8)", s.tol,
                                    fit.epochs));
  out.comparisons.push_back(compare_range("max ρ(J) at the training images", "0.21 (S5a: 0.02–0.21)", std::nullopt,
                                          max_radius, 0, 1));
  out.comparisons.push_back(compare_abs("training images that are attractors (ρ < 1)", fmt::format("{}", n),
                                        std::nullopt, attractors, n, 0));
  out.comparisons.push_back(compare_abs("corrupted copies recovered", "all shown (S5b, S6)", std::nullopt,
                                        static_cast<double>(recovered) / total, 1, 0));
  out.measured = {{"final_loss", fit.final_loss},     {"epochs", fit.epochs},
                  {"parameters", parameter_count(net)}, {"min_spectral_radius", min_radius},
                  {"max_spectral_radius", max_radius},  {"attractors", attractors},
                  {"recovered", recovered},             {"copies", total},
                  {"max_fixed_point_offset", max_offset}};
  out.rows = CsvTable({"example", "spectral_radius", "operator_norm", "paper_s5", "fixed_point_offset", "recovered",
                       "copies"});
  for (int i = 0; i < n; ++i) {
    int mine = 0, of = 0;
    for (size_t j = 0; j < copies.source.size(); ++j)
      if (copies.source[j] == i) {
        ++of;
        mine += copy_recovered[j];
      }
    out.rows.add_row({static_cast<long>(i), radius[i], at_examples[i].operator_norm,
                      i < 10 ? CsvTable::Cell(kPaperS5[i]) : CsvTable::Cell(std::string()), (limits.col(i) - X.col(i)).norm(),
                      static_cast<long>(mine), static_cast<long>(of)});
  }
  // Strip: per row the training image, its corrupted copy, then the iterates at `at`.
  std::vector<std::vector<Vec>> tiles;
  for (int j = 0; j < std::min(s.shown, total); ++j) {
    const int column = n + j * (total / std::min(s.shown, total));
    std::vector<Vec> row = {X.col(copies.source[column - n])};
    for (const Mat& points : snap.points) row.push_back(points.col(column).cwiseMax(0).cwiseMin(1));
    tiles.push_back(row);
  }
  out.files.emplace_back("strip.csv", matrix_csv(mem::tile_images(tiles, s.network.size)));
  std::string steps;
  for (const int t : at) steps += fmt::format("{}{}", steps.empty() ? "" : ", ", t);
  out.figures.push_back({"strip.png", mem::tiled_images_script(
                                          "$OUT/strip.csv",
                                          fmt::format("AM Fig. S5b/S6: training image | corrupted copy ({}) | f^t for t = {}",
                                                      s.corruption, steps),
                                          1200, 110 * static_cast<int>(tiles.size()) + 60)});
  out.figures.push_back({"spectral_radius.png",
                         "set datafile separator ','\nset xlabel 'training image'\nset ylabel 'ρ(J_f(x_i))'\n"
                         "set title 'AM Fig. S5a: ρ of the Jacobian at each training image'\nset key top left\n"
                         "set yrange [0:*]\nplot '$OUT/results.csv' every ::1 using 1:2 with points pt 7 title 'measured', "
                         "'' every ::1 using 1:4 with points pt 6 title 'paper (S5a, CIFAR-10)', 1 with lines dt 2 title 'ρ = 1'\n"});
  return out;
}

}  // namespace memo::am
