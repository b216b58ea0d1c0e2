#include "lib/experiments/am/example_fixed_points.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <limits>
#include <optional>

namespace memo::am {

namespace {

// Newton's method on f(x) − x = 0 with backtracking: J − I is nearly singular at many trained
// examples (an eigenvalue of J close to 1, smallest singular value of J − I ~1e-3), where full
// steps overshoot and cycle. A step is halved until it reduces ‖f(x) − x‖ (at most 30 times).
std::optional<Vec> damped_newton(const DynamicalMap& f, const Vec& x0, double tol, int max_steps) {
  Vec x = x0;
  Vec residual = f.apply(Mat(x)).col(0) - x;
  for (int step = 0; step < max_steps; ++step) {
    if (!residual.allFinite()) return std::nullopt;
    if (residual.norm() < tol) return x;
    const Vec direction = (jacobian(f, x) - Mat::Identity(f.dim, f.dim)).fullPivLu().solve(residual);
    bool improved = false;
    for (double t = 1; t > 1e-9 && !improved; t /= 2) {
      const Vec trial = x - t * direction;
      const Vec trial_residual = f.apply(Mat(trial)).col(0) - trial;
      if (trial_residual.allFinite() && trial_residual.norm() < residual.norm()) {
        x = trial;
        residual = trial_residual;
        improved = true;
      }
    }
    if (!improved) return std::nullopt;
  }
  if (residual.allFinite() && residual.norm() < tol) return x;
  return std::nullopt;
}

}  // namespace

int ExampleFixedPoints::missing() const { return static_cast<int>(std::count(found.begin(), found.end(), false)); }

ExampleFixedPoints example_fixed_points(const DynamicalMap& f, const Mat& X, const IterationCriterion& criterion) {
  const int n = static_cast<int>(X.cols());
  ExampleFixedPoints out{X, std::vector<bool>(n, false), 0};
  for (int i = 0; i < n; ++i) {
    if (const auto x = damped_newton(f, X.col(i), 1e-10, 100)) {
      out.points.col(i) = *x;
      out.found[i] = true;
      continue;
    }
    ++out.newton_failures;
    const IterationResult walk = iterate(f, X.col(i), Mat(X.rows(), 0), criterion);
    if (walk.ends[0].kind != LimitKind::spurious_fixed_point) continue;
    const Vec limit = walk.limits[walk.ends[0].limit].points.col(0);
    double nearest_other = std::numeric_limits<double>::infinity();
    for (int j = 0; j < n; ++j)
      if (j != i) nearest_other = std::min(nearest_other, (X.col(j) - X.col(i)).norm());
    if ((limit - X.col(i)).norm() < nearest_other / 2) {
      out.points.col(i) = limit;
      out.found[i] = true;
    }
  }
  return out;
}

DynamicalMap power_map(const DynamicalMap& f, int L) {
  if (L < 1) throw Error(fmt::format("power_map: L = {}, expected at least 1", L));
  DynamicalMap g;
  g.dim = f.dim;
  g.apply = [&f, L](const Mat& X) { return apply_times(f, X, L); };
  g.jacobians = [&f, L](const Mat& X) {
    std::vector<Mat> Js;
    for (Eigen::Index j = 0; j < X.cols(); ++j) Js.push_back(power_jacobian(f, X.col(j), L));
    return Js;
  };
  if (L == 1 && f.spectra)  // g = f: its cheaper spectra too
    g.spectra = [&f](const Mat& X, bool keep_eigenvalues) { return f.spectra(X, keep_eigenvalues); };
  return g;
}

}  // namespace memo::am
