#include "lib/experiments/mem/unet.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "lib/experiments/mem/conv_images.hpp"
#include "lib/experiments/mem/fc_autoencoder.hpp"
#include "lib/nn/unet.hpp"

namespace memo::mem {

namespace {

// A black s×s image with one white square of random side (1 … s) at a random place.
Vec white_square(int s, Rng& rng) {
  const int side = std::uniform_int_distribution<int>(1, s)(rng);
  std::uniform_int_distribution<int> corner(0, s - side);
  const int y0 = corner(rng), x0 = corner(rng);
  Vec image = Vec::Zero(s * s);
  for (int y = y0; y < y0 + side; ++y) image.segment(y * s + x0, side).setOnes();
  return image;
}

const char* const kKinds[] = {"white squares", "Gaussian noise", "other images"};

}  // namespace

std::vector<std::pair<std::string, UNetSingleSettings>> unet_single_presets() {
  UNetSingleSettings quick;
  UNetSingleSettings paper = quick;
  paper.network.size = 32;
  paper.network.levels = 5;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_unet_single(const UNetSingleSettings& s, const ExperimentContext& context) {
  const Mat X = conv_images(s.dataset, 1, s.network.size, run_seed(context.seed, 1));
  const Mat others = conv_images(s.others, s.starts, s.network.size, run_seed(context.seed, 2));
  const int d = static_cast<int>(X.rows()), k = s.starts;
  Rng rng(run_seed(context.seed, 0));
  const UNetTraining training = s.network.training(s.lr, 0, s.training_iterations);
  UNet net;
  const TrainResult fit = train_unet(net, X, training, rng, context.quiet);
  const DynamicalMap f = unet_map(net);

  // Column 0: the training image; then k starts of each kind.
  Mat starts(d, 1 + 3 * k);
  starts.col(0) = X.col(0);
  for (int j = 0; j < k; ++j) {
    starts.col(1 + j) = white_square(s.network.size, rng);
    starts.col(1 + k + j) = random_normal(d, 1, rng).col(0);
    starts.col(1 + 2 * k + j) = others.col(j);
  }
  std::vector<int> at = {0};
  for (int t = 1; t < s.max_iterations; t *= 4) at.push_back(t);
  at.push_back(s.max_iterations);
  const Snapshots snap = iterate_snapshots(f, starts, at, 1e-10);
  const Mat& ends = snap.points.back();
  const double x_norm = X.col(0).norm();
  const Vec limit = ends.col(0);  // where the training image's own iteration ends

  ExperimentResult out;
  out.notes.push_back(fmt::format("one {} image (padded to 32×32{}) stands in for CIFAR-10; other images from {}",
                                  s.dataset, s.network.size < 32 ? fmt::format(", pooled to {}×{}", s.network.size, s.network.size) : "",
                                  s.others));
  out.notes.push_back(fmt::format("U-Net: {}, {} parameters; {}", s.network.description(), parameter_count(net),
                                  fit.describe()));
  out.notes.push_back(fmt::format("the training image's own limit is {:.3g}·‖x‖ from it", (limit - X.col(0)).norm() / x_norm));
  out.rows = CsvTable({"kind", "start", "start_distance", "end_distance", "distance_to_limit", "steps", "diverged"});
  int contracted_total = 0;
  for (int kind = 0; kind < 3; ++kind) {
    double worst = 0;
    int contracted = 0;
    for (int j = 0; j < k; ++j) {
      const int c = 1 + kind * k + j;
      const double to_limit = (ends.col(c) - limit).norm() / x_norm;
      worst = std::max(worst, snap.diverged[c] ? std::numeric_limits<double>::infinity() : to_limit);
      contracted += !snap.diverged[c] && to_limit < s.contract_tol;
      out.rows.add_row({std::string(kKinds[kind]), static_cast<long>(j), (starts.col(c) - X.col(0)).norm() / x_norm,
                        (ends.col(c) - X.col(0)).norm() / x_norm, to_limit, static_cast<long>(snap.steps[c]),
                        static_cast<long>(snap.diverged[c])});
    }
    contracted_total += contracted;
    out.comparisons.push_back(compare_range(fmt::format("{}: max ‖f^t(z) − x*‖ / ‖x‖", kKinds[kind]), "→ 0 (Fig. 1b)",
                                            std::nullopt, worst, 0, s.contract_tol));
  }
  out.comparisons.push_back(compare_range("training image's own limit: ‖x* − x‖ / ‖x‖", "≈ 0", std::nullopt,
                                          (limit - X.col(0)).norm() / x_norm, 0, s.limit_tol));
  out.comparisons.push_back(compare_abs("starts contracted to the training image", fmt::format("all {}", 3 * k),
                                        std::nullopt, contracted_total, 3 * k, 0));
  out.measured = {{"final_loss", fit.final_loss}, {"parameters", parameter_count(net)},
                  {"limit_offset", (limit - X.col(0)).norm() / x_norm}, {"contracted", contracted_total}};
  // Strip: the training image, then per start z, f(z), f⁴(z), …
  std::vector<std::vector<Vec>> tiles;
  for (int c = 1; c < starts.cols(); ++c) {
    std::vector<Vec> row = {X.col(0)};
    for (const Mat& points : snap.points) row.push_back(points.col(c).cwiseMax(0).cwiseMin(1));
    tiles.push_back(row);
  }
  std::string steps;
  for (const int t : at) steps += fmt::format("{}{}", steps.empty() ? "" : ", ", t);
  out.files.emplace_back("strip.csv", matrix_csv(tile_images(tiles, s.network.size)));
  out.figures.push_back({"strip.png", tiled_images_script("$OUT/strip.csv",
                                                          fmt::format("MEM Fig. 1b: training image | f^t(z) for t = {} "
                                                                      "(rows: white squares, Gaussian noise, other images)",
                                                                      steps),
                                                          1000, 70 * static_cast<int>(tiles.size()) + 60)});
  return out;
}

}  // namespace memo::mem
