#include "theory/piecewise_memorizer.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <vector>

namespace memo {

PiecewiseMemorizer piecewise_memorizer(const Mat& X, double epsilon) {
  const int d = static_cast<int>(X.rows()), n = static_cast<int>(X.cols());
  if (n == 0 || d == 0) throw Error("piecewise memorizer: the data set is empty");
  if (!(epsilon > 0)) throw Error(fmt::format("piecewise memorizer: ε = {}, expected ε > 0", epsilon));
  const int units = 2 * n + 1;  // per coordinate: one at 0, one at each x_i ± δ
  Rng unused(0);
  PiecewiseMemorizer out{make_mlp({d, units * d, d}, parse_activation("relu"), Parametrization::standard, true, unused),
                         Vec(d), Vec(d), Vec(d)};
  Mat& W1 = out.net.layers[0].weight.value;
  Mat& b1 = out.net.layers[0].bias.value;
  Mat& W2 = out.net.layers[1].weight.value;
  W1.setZero();
  b1.setZero();
  W2.setZero();
  out.net.layers[1].bias.value.setZero();

  for (int c = 0; c < d; ++c) {
    std::vector<double> x;
    for (int i = 0; i < n; ++i) x.push_back(X(c, i));
    std::sort(x.begin(), x.end());
    if (x.front() <= 0 || x.back() >= 1)
      throw Error(fmt::format("piecewise memorizer: coordinate {} has values in [{}, {}], expected (0, 1)", c,
                              x.front(), x.back()));
    double gap = n == 1 ? 4 * std::min(x[0], 1 - x[0]) : 1.0;
    for (int i = 0; i + 1 < n; ++i) gap = std::min(gap, x[i + 1] - x[i]);
    if (gap == 0) throw Error(fmt::format("piecewise memorizer: coordinate {} repeats a value; δ would be 0", c));
    const double delta = gap / 4, eps = std::min(epsilon, delta);
    if (x.front() <= delta || x.back() >= 1 - delta)
      throw Error(fmt::format("piecewise memorizer: coordinate {}: x_1 = {} or x_n = {} within δ = {} of the "
                              "boundary of (0, 1); the end pieces need x_1 > δ and x_n < 1 − δ",
                              c, x.front(), x.back(), delta));
    const double a = (delta - eps) / delta;
    // Breakpoints t_j and the slope on [t_j, t_{j+1}) (MEM App. I.1).
    std::vector<double> breakpoints{0}, slopes{(x[0] - delta + eps) / (x[0] - delta)};
    for (int i = 0; i < n; ++i) {
      breakpoints.push_back(x[i] - delta);
      slopes.push_back(a);
      breakpoints.push_back(x[i] + delta);
      slopes.push_back(i + 1 < n ? (x[i + 1] - x[i] - 2 * delta + 2 * eps) / (x[i + 1] - x[i] - 2 * delta)
                                 : (1 - (x[n - 1] + delta - eps)) / (1 - (x[n - 1] + delta)));
    }
    // f(z) = Σ_j (s_j − s_{j−1}) relu(z − t_j), s_{−1} = 0: continuous, f(0) = 0.
    for (int j = 0; j < units; ++j) {
      const int unit = c * units + j;
      W1(unit, c) = 1;
      b1(unit, 0) = -breakpoints[j];
      W2(c, unit) = slopes[j] - (j == 0 ? 0 : slopes[j - 1]);
    }
    out.delta(c) = delta;
    out.epsilon(c) = eps;
    out.slope(c) = a;
  }
  return out;
}

}  // namespace memo
