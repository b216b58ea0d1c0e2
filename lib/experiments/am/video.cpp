#include "lib/experiments/am/video.hpp"

#include <cmath>
#include <fmt/format.h>
#include <numbers>

#include "lib/dynamics/dynamical_map.hpp"
#include "lib/experiments/am/signal_cycle.hpp"
#include "lib/io/csv.hpp"

namespace memo::am {

namespace {

// Paints images (columns of side² pixels) into a grid of `per_row` cells, one grey pixel apart.
Mat mosaic(const Mat& images, int side, int per_row) {
  const int cell = side + 1, rows = static_cast<int>((images.cols() + per_row - 1) / per_row);
  Mat m = Mat::Constant(rows * cell, per_row * cell, 0.5);
  for (Eigen::Index k = 0; k < images.cols(); ++k)
    for (int i = 0; i < side; ++i)
      for (int j = 0; j < side; ++j)
        m((k / per_row) * cell + i, (k % per_row) * cell + j) = images(i * side + j, k);
  return m;
}

}  // namespace

std::vector<std::pair<std::string, VideoSettings>> video_presets() {
  VideoSettings quick;
  VideoSettings paper = quick;  // AM Fig. 6's Fig. 4a row, frames of 32 × 32
  paper.frames = 389;
  paper.side = 32;
  paper.network.depth = 16;
  paper.network.width = 1024;
  paper.network.max_epochs = 1000000;
  paper.network.max_iterations = 100000;
  return {{"quick", quick}, {"paper", paper}};
}

Mat synthetic_film(int frames, int side) {
  Mat X(side * side, frames);
  for (int f = 0; f < frames; ++f) {
    const double t = 2 * std::numbers::pi * f / frames;
    const double cx = 0.5 + 0.25 * std::cos(t), cy = 0.5 + 0.25 * std::sin(t);  // the disk
    const double sx = 0.5 + 0.35 * std::sin(2 * t), sy = 0.82;                    // the square
    for (int r = 0; r < side; ++r)
      for (int c = 0; c < side; ++c) {
        const double x = (c + 0.5) / side, y = (r + 0.5) / side;
        const double disk = 1 / (1 + std::exp((std::hypot(x - cx, y - cy) - 0.17) * 4 * side));
        const double square = 1 / (1 + std::exp((std::max(std::abs(x - sx), std::abs(y - sy)) - 0.08) * 4 * side));
        X(r * side + c, f) = std::min(1.0, 0.05 + 0.9 * disk + 0.6 * square);
      }
  }
  return X;
}

ExperimentResult run_video(const VideoSettings& s, const ExperimentContext& context) {
  const Mat X = synthetic_film(s.frames, s.side);
  Rng rng(context.seed);
  const SignalCycle c = store_signal_cycle(X, s.network, rng, context.quiet);

  ExperimentResult out;
  out.comparisons.push_back(compare_abs("network trained to MSE < tol", "yes", std::nullopt, c.fit.converged(), 1, 0));
  out.comparisons.push_back(compare_range("stable limit cycle: ρ(J_{f^n}) at the frames", "< 1", std::nullopt,
                                          c.spectral_radius, 0, 1 - 1e-12));
  out.comparisons.push_back(compare_abs("noise starts replaying the film", fmt::format("all ({})", s.network.noise_starts),
                                        std::nullopt, c.noise_on_cycle, s.network.noise_starts, 0));
  out.rows = CsvTable({"frame", "replay_distance"});
  for (int i = 0; i < s.frames; ++i) out.rows.add_row({static_cast<long>(i), (c.replay.col(i) - X.col(i)).norm()});

  // Strip: 8 iterates from the first noise start, then 8 replayed frames above the stored ones.
  const int shown = 8;
  const Mat from_noise = orbit(mlp_map(c.net), c.noise_start.col(0), shown);
  Mat panels(X.rows(), 3 * shown);
  panels.leftCols(shown) = from_noise.cwiseMax(0.0).cwiseMin(1.0);
  for (int k = 0; k < shown; ++k) {
    const int frame = k * s.frames / shown;
    panels.col(shown + k) = c.replay.col(frame);
    panels.col(2 * shown + k) = X.col(frame);
  }
  out.measured = {{"training", c.fit.describe()},
                  {"converged", c.fit.converged()},
                  {"max_step_error", c.max_error},
                  {"spectral_radius", c.spectral_radius},
                  {"orbit_found", c.orbit_found},
                  {"orbit_offset", c.orbit_offset},
                  {"orbit_spectral_radius", c.orbit_spectral_radius},
                  {"noise_on_cycle", c.noise_on_cycle},
                  {"noise_undecided", c.from_noise.count(LimitKind::undecided)},
                  {"noise_diverged", c.from_noise.count(LimitKind::diverged)},
                  {"replay_max_distance", (c.replay - X).colwise().norm().maxCoeff()}};
  out.notes.push_back("AM's film (Steamboat Willie, 128 × 128) is not available: a synthetic film of a circling disk "
                      "and a sliding square stands in");
  out.files.emplace_back("strip.csv", matrix_csv(mosaic(panels, s.side, shown)));
  out.figures.push_back(
      {"strip.png",
       fmt::format("set output '$OUT/strip.png'\nset datafile separator ','\nunset key\nunset colorbox\nunset xtics\n"
                   "unset ytics\nset size ratio -1\nset palette grey\nset cbrange [0:1]\nset yrange [*:*] reverse\n"
                   "set title 'AM Fig. 4a: from noise (top), replayed frames 0, n/8, ... (middle), stored (bottom); "
                   "{} frames'\nplot '$OUT/strip.csv' matrix with image\n",
                   s.frames)});
  return out;
}

}  // namespace memo::am
