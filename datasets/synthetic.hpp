// Synthetic data sets: points on a sphere, the Swiss roll, 2-D point sets, grids of
// starting points, and stand-ins for AM's film and speech clip (which cannot be fetched here).
// Every generator returns examples as columns (d, n) and draws only from the Rng it is given.
#pragma once
#include <vector>
#include "lib/core/random.hpp"

namespace memo {

struct SphereOptions {
  bool positive_orthant = false;  // every coordinate ≥ 0 (|g| of a Gaussian), as the 2023 reproduction drew them
  double min_angle = 0;           // radians: every pair of points at least this far apart in angle
  double radius_max = 0;          // > radius: each norm uniform in [radius, radius_max] (EXT's mixed norms)
};
// n points of norm `radius` in `dim` dimensions with uniform (Gaussian) directions (NTK §5).
// min_angle works by rejection and throws when it cannot place the points in 1000·n draws.
Mat sphere_points(int dim, Eigen::Index n, double radius, Rng& rng, const SphereOptions& options = {});

// scikit-learn's make_swiss_roll (MEM Fig. 2): t = 1.5π(1 + 2u), x = t cos t, y = 21v,
// z = t sin t with u, v ~ U(0,1), plus `noise`·N(0,1) on each coordinate. X is (3, n).
struct SwissRoll {
  Mat X;
  Vec t;  // the position along the roll
};
SwissRoll swiss_roll(Eigen::Index n, Rng& rng, double noise = 0);

// n points uniform in the box [lo, hi]^dim, pairwise at least min_distance apart (rejection;
// throws after 1000·n draws). AM Fig. 3 and 4c use a few such points in 2-D.
Mat box_points(int dim, Eigen::Index n, double lo, double hi, Rng& rng, double min_distance = 0);
// n points evenly spaced on the circle of radius r in the plane, the first at angle `phase`.
Mat circle_points(Eigen::Index n, double radius, double phase = 0);

// The regular grid with per_axis points on each axis from lo to hi (both included) in
// lo.size() dimensions; the first coordinate varies fastest. AM Fig. 3: 100 × 100 in 2-D;
// MEM Fig. 2: 10 × 10 × 10 around the Swiss roll.
Mat grid_points(const Vec& lo, const Vec& hi, int per_axis);

// Stand-in for AM Fig. 4a's 389 film frames: a Gaussian blob that moves along a closed
// Lissajous path while it stretches, turns and pulses, one frame per column (height·width,
// row by row), values in [0,1]. The motion has period `frames`, so frame `frames` would equal
// frame 0 and the video is a natural limit cycle.
Mat blob_video(int frames, int height, int width);

// Stand-in for AM App. G's 8-second speech clip: a sum of sinusoids whose amplitudes swell
// and fade once over the clip, cut into one-second chunks (sample_rate, seconds). Values lie
// in [−1, 1]; with non-integer frequencies no two chunks are alike.
struct Tone {
  double frequency = 440;  // Hz
  double amplitude = 1;
  double phase = 0;           // radians
  double envelope_phase = 0;  // radians; where in its swell the tone starts
};
Mat audio_chunks(int seconds, int sample_rate, const std::vector<Tone>& tones);
// The signal audio_chunks samples, at time t seconds (for tests and plots).
double audio_signal(double t, int seconds, const std::vector<Tone>& tones);
// `count` tones with frequencies uniform in [lo, hi] Hz and random amplitudes and phases.
std::vector<Tone> random_tones(int count, Rng& rng, double lo = 110, double hi = 3520);

}  // namespace memo
