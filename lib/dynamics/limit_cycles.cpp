#include "lib/dynamics/limit_cycles.hpp"

#include <fmt/format.h>
#include <cmath>
#include <limits>
#include <numeric>

#include "lib/dynamics/spectra.hpp"

namespace memo {

namespace {

void check_lengths(const Mat& X, const std::vector<int>& cycle_lengths) {
  long total = 0;
  for (int n : cycle_lengths) {
    if (n < 1) throw Error(fmt::format("cycle length {}: expected >= 1", n));
    total += n;
  }
  if (total != X.cols())
    throw Error(fmt::format("cycle lengths add up to {}, but there are {} examples", total, X.cols()));
}

}  // namespace

Mat sequence_targets(const Mat& X, const std::vector<int>& cycle_lengths) {
  check_lengths(X, cycle_lengths);
  Mat Y(X.rows(), X.cols());
  Eigen::Index first = 0;
  for (int n : cycle_lengths) {
    for (int i = 0; i < n; ++i) Y.col(first + i) = X.col(first + (i + 1) % n);
    first += n;
  }
  return Y;
}

std::vector<StoredCycle> stored_cycles(const DynamicalMap& f, const Mat& X, const std::vector<int>& cycle_lengths) {
  check_lengths(X, cycle_lengths);
  const Mat errors = f.apply(X) - sequence_targets(X, cycle_lengths);
  std::vector<StoredCycle> cycles;
  std::vector<Mat> orbits;
  Eigen::Index first = 0;
  for (int n : cycle_lengths) {
    StoredCycle c;
    c.first = static_cast<int>(first);
    c.length = n;
    c.max_error = errors.middleCols(first, n).colwise().norm().maxCoeff();
    cycles.push_back(c);
    // The stored points, not the orbit of x_1: they are what training fitted.
    orbits.push_back(X.middleCols(first, n));
    first += n;
  }
  const std::vector<double> radii = orbit_spectral_radii(f, orbits);
  for (size_t i = 0; i < cycles.size(); ++i) cycles[i].spectral_radius = radii[i];
  return cycles;
}

Mat periodic_orbit(const DynamicalMap& f, const Vec& x0, int n, double tol, int max_steps) {
  if (n < 1) throw Error(fmt::format("periodic_orbit: period {}, expected >= 1", n));
  Vec x = x0;
  double residual = std::numeric_limits<double>::infinity();
  for (int step = 0; step <= max_steps; ++step) {
    const Mat points = orbit(f, x, n + 1);  // x, f(x), …, f^n(x)
    const Vec r = points.col(n) - x;
    residual = r.norm();
    if (!std::isfinite(residual)) break;
    if (residual < tol * std::max(1.0, x.norm())) return points.leftCols(n);
    const Mat J = chain_jacobian(f, points.leftCols(n)) - Mat::Identity(f.dim, f.dim);
    x -= J.partialPivLu().solve(r);
  }
  throw Error(fmt::format("periodic_orbit: no orbit of period {} found (‖f^n(x) − x‖ = {:.3g} after {} Newton steps)",
                          n, residual, max_steps));
}

std::vector<Limit> find_spurious_limits(const DynamicalMap& f, const Mat& starts, const Mat& examples,
                                        const IterationCriterion& criterion) {
  const IterationResult result = iterate(f, starts, examples, criterion);
  std::vector<Limit> spurious;
  for (const Limit& limit : result.limits)
    if (limit.example < 0) spurious.push_back(limit);
  return spurious;
}

}  // namespace memo
