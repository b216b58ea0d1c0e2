// quartiles(): linear interpolation between order statistics (NumPy's default percentile),
// over the finite values only, so that a diverged run's NaN neither reorders nor poisons them.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "lib/experiments/experiment.hpp"

using namespace memo;

TEST_CASE("quartiles interpolate between order statistics and leave out non-finite values") {
  // 1..5: positions 1, 2, 3 of 0..4 give 2, 3, 4; four values: 1.75, 2.5, 3.25 (as numpy.percentile)
  const Quartiles five = quartiles({5, 1, 4, 2, 3});
  CHECK(five.lower == 2);
  CHECK(five.median == 3);
  CHECK(five.upper == 4);
  const Quartiles four = quartiles({4, 3, 2, 1});
  CHECK(four.lower == doctest::Approx(1.75));
  CHECK(four.median == doctest::Approx(2.5));
  CHECK(four.upper == doctest::Approx(3.25));
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const Quartiles with_diverged = quartiles({nan, 4, 3, inf, 2, 1, nan});
  CHECK(with_diverged.lower == four.lower);
  CHECK(with_diverged.median == four.median);
  CHECK(with_diverged.upper == four.upper);
  CHECK(std::isnan(quartiles({nan, nan}).median));
}
