#include "lib/experiments/am/example_fixed_points.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <limits>

namespace memo::am {

int ExampleFixedPoints::missing() const { return static_cast<int>(std::count(found.begin(), found.end(), false)); }

ExampleFixedPoints example_fixed_points(const DynamicalMap& f, const Mat& X, const IterationCriterion& criterion) {
  const int n = static_cast<int>(X.cols());
  ExampleFixedPoints out{X, std::vector<bool>(n, false), 0};
  for (int i = 0; i < n; ++i) {
    try {
      out.points.col(i) = newton_fixed_point(f, X.col(i), 1e-10, 20);
      out.found[i] = true;
      continue;
    } catch (const Error&) {
      ++out.newton_failures;
    }
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
  return g;
}

}  // namespace memo::am
