#include "lib/experiments/mem/piecewise.hpp"

#include <fmt/format.h>

#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "theory/piecewise_memorizer.hpp"

namespace memo::mem {

std::vector<std::pair<std::string, PiecewiseSettings>> piecewise_presets() {
  PiecewiseSettings quick;
  PiecewiseSettings paper = quick;
  paper.samples = 1000000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_piecewise(const PiecewiseSettings& s, const ExperimentContext& context) {
  Rng rng(context.seed);
  const int d = s.dim, n = s.examples;
  const Mat X = random_uniform(d, n, rng, 0.1, 0.9);
  const PiecewiseMemorizer memorizer = piecewise_memorizer(X, s.epsilon);
  double radius = 0, slope_deviation = 0;
  for (int i = 0; i < n; ++i) {
    const Mat J = jacobian(memorizer.net, X.col(i));
    radius = std::max(radius, spectral_radius(J));
    slope_deviation = std::max(slope_deviation, (J - Mat(memorizer.slope.asDiagonal())).cwiseAbs().maxCoeff());
  }
  const Mat U = random_uniform(d, s.samples, rng, 0, 1);
  const Mat error = forward(memorizer.net, U) - U;
  const double worst = error.cwiseAbs().maxCoeff();
  const double fixed = (forward(memorizer.net, X) - X).cwiseAbs().maxCoeff();
  // An orbit from near x_1, inside its slope-a piece, returns to x_1.
  Vec z = X.col(0) + Vec::Constant(d, 0.2 * memorizer.delta.minCoeff());
  for (int t = 0; t < s.iterations; ++t) z = forward(memorizer.net, Mat(z));

  ExperimentResult out;
  out.comparisons.push_back({"max |f(z) − z|", "error ≤ ε", s.epsilon, worst,
                             "max error ≤ ε, max ρ(J(x_i)) < 1, f(x_i) = x_i",
                             worst <= s.epsilon + 1e-12 && radius < 1 && fixed < 1e-12});
  out.measured = {{"max_spectral_radius", radius},
                  {"max_slope", memorizer.slope.maxCoeff()},
                  {"jacobian_minus_slope", slope_deviation},
                  {"fixed_point_error", fixed},
                  {"mean_squared_error", error.array().square().mean()},
                  {"orbit_distance_from_x1", (z - X.col(0)).norm()},
                  {"hidden_units", memorizer.net.widths[1]}};
  out.notes.push_back(fmt::format("hidden units (2n+1)d = {}: MEM states (n+1)d, which cannot hold 2n breakpoints "
                                  "per coordinate", memorizer.net.widths[1]));
  return out;
}

}  // namespace memo::mem
