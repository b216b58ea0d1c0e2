#include "datasets/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numbers>

namespace memo {
namespace {

constexpr double kPi = std::numbers::pi;

void check_count(Eigen::Index n, const char* what) {
  if (n < 0) throw Error(fmt::format("{}: number of points {} must be ≥ 0", what, n));
}

// Draws candidates until n of them pass `accept` against those already kept.
template <typename Draw, typename Accept>
Mat draw_with_rejection(int dim, Eigen::Index n, Draw draw, Accept accept, const std::string& failure) {
  Mat X(dim, n);
  const long max_draws = 1000 * std::max<long>(n, 1);
  Eigen::Index kept = 0;
  for (long draws = 0; kept < n; ++draws) {
    if (draws == max_draws) throw Error(fmt::format("{} (placed {} of {} in {} draws)", failure, kept, n, max_draws));
    const Vec candidate = draw();
    bool ok = true;
    for (Eigen::Index j = 0; j < kept && ok; ++j) ok = accept(candidate, X.col(j));
    if (ok) X.col(kept++) = candidate;
  }
  return X;
}

}  // namespace

Mat sphere_points(int dim, Eigen::Index n, double radius, Rng& rng, const SphereOptions& options) {
  check_count(n, "sphere_points");
  if (dim < 1) throw Error(fmt::format("sphere_points: dimension {} must be ≥ 1", dim));
  if (!(radius > 0) || !std::isfinite(radius)) throw Error(fmt::format("sphere radius {} must be positive", radius));
  if (options.radius_max != 0 && !(options.radius_max >= radius && std::isfinite(options.radius_max)))
    throw Error(fmt::format("largest radius {} must be ≥ the radius {}", options.radius_max, radius));
  if (!(options.min_angle >= 0 && options.min_angle <= kPi))
    throw Error(fmt::format("minimum angle {} must be in [0, π] radians", options.min_angle));
  auto draw_direction = [&] {
    Vec g;
    do {
      g = random_normal(dim, 1, rng).col(0);
      if (options.positive_orthant) g = g.cwiseAbs();
    } while (g.norm() == 0);
    return Vec(g / g.norm());
  };
  const double cos_max = std::cos(options.min_angle);
  const auto far_enough = [&](const Vec& u, const auto& v) {
    return options.min_angle == 0 || u.dot(v) / v.norm() <= cos_max;
  };
  Mat X = draw_with_rejection(dim, n, draw_direction, far_enough,
                              fmt::format("cannot place {} points in {} dimensions with pairwise angles ≥ {:.4g}°; "
                                          "lower the minimum angle",
                                          n, dim, options.min_angle * 180 / kPi));
  // the norms come after all directions, so the directions do not depend on radius_max
  for (Eigen::Index j = 0; j < n; ++j) {
    const double r = options.radius_max > radius ? random_uniform(1, 1, rng, radius, options.radius_max)(0) : radius;
    X.col(j) *= r;
  }
  return X;
}

// The draw order follows scikit-learn: all t, then all y, then the noise.
SwissRoll swiss_roll(Eigen::Index n, Rng& rng, double noise) {
  check_count(n, "swiss_roll");
  if (!(noise >= 0)) throw Error(fmt::format("swiss roll noise {} must be ≥ 0", noise));
  SwissRoll roll;
  roll.t = 1.5 * kPi * (1.0 + 2.0 * random_uniform(n, 1, rng, 0, 1).col(0).array());
  const Vec y = 21.0 * random_uniform(n, 1, rng, 0, 1).col(0);
  roll.X.resize(3, n);
  roll.X.row(0) = (roll.t.array() * roll.t.array().cos()).transpose();
  roll.X.row(1) = y.transpose();
  roll.X.row(2) = (roll.t.array() * roll.t.array().sin()).transpose();
  if (noise > 0) roll.X += random_normal(3, n, rng, noise);
  return roll;
}

Mat box_points(int dim, Eigen::Index n, double lo, double hi, Rng& rng, double min_distance) {
  check_count(n, "box_points");
  if (dim < 1 || !(lo < hi)) throw Error(fmt::format("box_points: need dimension ≥ 1 and lo < hi, got {}, [{}, {}]", dim, lo, hi));
  return draw_with_rejection(
      dim, n, [&] { return Vec(random_uniform(dim, 1, rng, lo, hi).col(0)); },
      [&](const Vec& u, const auto& v) { return (u - v).norm() >= min_distance; },
      fmt::format("cannot place {} points in [{}, {}]^{} at least {} apart; lower the minimum distance", n, lo, hi,
                  dim, min_distance));
}

Mat circle_points(Eigen::Index n, double radius, double phase) {
  check_count(n, "circle_points");
  Mat X(2, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    const double angle = phase + 2 * kPi * double(j) / double(n);
    X(0, j) = radius * std::cos(angle);
    X(1, j) = radius * std::sin(angle);
  }
  return X;
}

Mat grid_points(const Vec& lo, const Vec& hi, int per_axis) {
  const Eigen::Index dim = lo.size();
  if (dim < 1 || hi.size() != dim) throw Error("grid_points: lo and hi must be non-empty and of the same dimension");
  if (per_axis < 2) throw Error(fmt::format("grid_points: {} points per axis, expected at least 2", per_axis));
  Eigen::Index total = 1;
  for (Eigen::Index k = 0; k < dim; ++k) {
    if (total > 100'000'000 / per_axis) throw Error(fmt::format("grid of {}^{} points is too large", per_axis, dim));
    total *= per_axis;
  }
  Mat X(dim, total);
  for (Eigen::Index j = 0; j < total; ++j) {
    Eigen::Index rest = j;
    for (Eigen::Index k = 0; k < dim; ++k, rest /= per_axis)
      X(k, j) = lo(k) + (hi(k) - lo(k)) * double(rest % per_axis) / (per_axis - 1);
  }
  return X;
}

Mat blob_video(int frames, int height, int width) {
  if (frames < 1 || height < 1 || width < 1)
    throw Error(fmt::format("blob_video: {} frames of {}×{} pixels, expected positive sizes", frames, height, width));
  const double size = std::min(height, width);
  Mat X(Eigen::Index{height} * width, frames);
  for (int k = 0; k < frames; ++k) {
    const double phase = 2 * kPi * k / frames;  // one period over the whole video
    const double cx = width * (0.5 + 0.3 * std::sin(phase)), cy = height * (0.5 + 0.25 * std::sin(2 * phase));
    const double major = 0.12 * size * (1 + 0.3 * std::sin(phase)), minor = 0.07 * size * (1 + 0.3 * std::cos(phase));
    const double brightness = 0.75 + 0.25 * std::cos(phase), c = std::cos(phase), s = std::sin(phase);
    for (int r = 0; r < height; ++r)
      for (int col = 0; col < width; ++col) {
        const double dx = col + 0.5 - cx, dy = r + 0.5 - cy;
        const double u = c * dx + s * dy, v = -s * dx + c * dy;  // coordinates along the blob's turning axes
        X(r * width + col, k) = brightness * std::exp(-0.5 * (u * u / (major * major) + v * v / (minor * minor)));
      }
  }
  return X;
}

double audio_signal(double t, int seconds, const std::vector<Tone>& tones) {
  double value = 0, total_amplitude = 0;
  for (const Tone& tone : tones) {
    const double envelope = 0.75 + 0.25 * std::cos(2 * kPi * t / seconds + tone.envelope_phase);
    value += tone.amplitude * envelope * std::sin(2 * kPi * tone.frequency * t + tone.phase);
    total_amplitude += std::abs(tone.amplitude);
  }
  return total_amplitude > 0 ? value / total_amplitude : 0.0;  // |value| ≤ 1
}

Mat audio_chunks(int seconds, int sample_rate, const std::vector<Tone>& tones) {
  if (seconds < 1 || sample_rate < 1)
    throw Error(fmt::format("audio: {} seconds at {} Hz, expected positive numbers", seconds, sample_rate));
  if (tones.empty()) throw Error("audio: no tones given");
  Mat X(sample_rate, seconds);
  for (int second = 0; second < seconds; ++second)
    for (int i = 0; i < sample_rate; ++i) X(i, second) = audio_signal(second + double(i) / sample_rate, seconds, tones);
  return X;
}

std::vector<Tone> random_tones(int count, Rng& rng, double lo, double hi) {
  if (count < 1 || !(0 < lo && lo < hi)) throw Error(fmt::format("random_tones: {} tones in [{}, {}] Hz", count, lo, hi));
  const Mat draws = random_uniform(4, count, rng, 0, 1);
  std::vector<Tone> tones;
  for (int k = 0; k < count; ++k)
    tones.push_back({lo + (hi - lo) * draws(0, k), 0.2 + 0.8 * draws(1, k), 2 * kPi * draws(2, k), 2 * kPi * draws(3, k)});
  return tones;
}

}  // namespace memo
