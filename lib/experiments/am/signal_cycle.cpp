#include "lib/experiments/am/signal_cycle.hpp"

#include <fmt/format.h>

#include "lib/dynamics/cycle_spectrum.hpp"
#include "lib/dynamics/dynamical_map.hpp"
#include "lib/dynamics/limit_cycles.hpp"
#include "lib/dynamics/nearest_example.hpp"

namespace memo::am {

namespace {

// Iterates f^n from x until it returns within 1e-12 (relative) of itself: the cycle through x's
// basin, or nothing when it does not settle within `rounds` rounds.
bool converge_cycle(const DynamicalMap& f, const Vec& x0, int n, int rounds, Mat& orbit_out) {
  Vec x = x0;
  for (int r = 0; r < rounds; ++r) {
    const Mat points = orbit(f, x, n + 1);
    const Vec back = points.col(n);
    if (!back.allFinite()) return false;
    if ((back - x).norm() < 1e-12 * std::max(1.0, x.norm())) {
      orbit_out = points.leftCols(n);
      return true;
    }
    x = back;
  }
  return false;
}

}  // namespace

SignalCycle store_signal_cycle(const Mat& X, const CycleNetwork& s, Rng& rng, bool quiet) {
  SignalCycle c;
  const int d = static_cast<int>(X.rows()), n = static_cast<int>(X.cols());
  std::vector<int> widths{d};
  widths.insert(widths.end(), s.depth, s.width);
  widths.push_back(d);
  c.net = make_mlp(widths, parse_activation(s.act), Parametrization::standard, true, rng);
  Optimizer adam(Adam{.lr = s.lr}, parameters(c.net));  // AM Fig. 6: Adam, lr 1e-4
  const Mat targets = sequence_targets(X, {n});
  c.fit = train(c.net, X, targets, LossKind::mse, adam,
                {.tol = s.tol, .max_epochs = s.max_epochs, .quiet = quiet, .keep_history = false});
  const DynamicalMap f = mlp_map(c.net);
  c.max_error = (f.apply(X) - targets).colwise().norm().maxCoeff();
  c.spectral_radius = cycle_spectral_radius(c.net, X);
  c.orbit_found = converge_cycle(f, X.col(0), n, 200, c.orbit);
  if (c.orbit_found) {
    c.orbit_offset = (c.orbit - X).colwise().norm().maxCoeff();
    c.orbit_spectral_radius = cycle_spectral_radius(c.net, c.orbit);
  }
  const Mat& reference = c.orbit_found ? c.orbit : X;

  IterationCriterion criterion = am_criterion(s.max_iterations);
  criterion.max_period = n;
  criterion.eigenvalue_test = false;  // d × d Jacobians; the cycle's ρ is computed above
  const Mat noise = random_normal(d, s.noise_starts, rng, s.noise_std);
  c.from_noise = iterate(f, noise, reference, criterion);
  for (const TrajectoryEnd& e : c.from_noise.ends) c.noise_on_cycle += e.kind == LimitKind::cycle && e.example >= 0;
  c.noise_start = noise.col(0);
  // The first start's trajectory once settled, shifted so that column i is next to frame i.
  const Mat settled = orbit(f, c.from_noise.final_points.col(0), n);
  const int phase = nearest_examples(reference, settled.col(0)).index[0];
  c.replay.resize(d, n);
  for (int i = 0; i < n; ++i) c.replay.col((phase + i) % n) = settled.col(i);
  return c;
}

}  // namespace memo::am
