// ntk-beyond (NTK §4.5) at a tiny size: n0 = 8, 3 examples, width 100, r = 2 and 64.
#include <doctest/doctest.h>

#include <cmath>

#include "lib/experiments/ntk/beyond.hpp"

using namespace memo;
using namespace memo::ntk;

TEST_CASE("expected_saturated_share is the two-sided Gaussian tail") {
  // z ~ N(0, r²/n0): P(|z| > t) at t = one standard deviation is erfc(1/√2) = 0.3173105…
  CHECK(expected_saturated_share(4, 16, 1) == doctest::Approx(0.31731050786291415).epsilon(1e-12));
  CHECK(expected_saturated_share(1, 4, 10) < 1e-80);
}

TEST_CASE("ntk-beyond at a tiny size: initial saturation as predicted, eigenvalues collapse far past the NTK regime") {
  BeyondSettings s = beyond_presets().front().second;
  s.n0 = 8;
  s.points = 3;
  s.width = 100;
  s.radii = {2, 64};
  s.repetitions = 2;
  s.max_epochs = 50000;
  const ExperimentResult result = run_beyond(s, {.seed = 2});
  const Json& radii = result.measured.at("radii");
  REQUIRE(radii.size() == 2);
  for (const Json& e : radii) REQUIRE(e.at("converged_runs") == 2);
  // the share at initialisation against erfc(t√n0/(r√2)) within 4 standard errors
  CHECK(result.comparison("r = 2: saturated").agrees);
  CHECK(result.comparison("r = 64: saturated").agrees);
  CHECK(radii[0].at("saturated_initial").get<double>() == 0);  // P = erfc(5·√8/(2√2)) = erfc(5) ≈ 1.5e-12
  // measured over seeds 0–5: ρ(J) at r = 64 at most 4e-4 (kernel ρ(J∞) about ½); ‖ΔW1‖/‖W1(0)‖
  // from 1.7 up at r = 64
  CHECK(result.comparison("r = 64: mean ρ(J) below the kernel").agrees);
  CHECK(radii[1].at("mean_spectral_radius").get<double>() < 0.01);
  CHECK(result.comparison("‖ΔW1‖").agrees);
  CHECK(radii[1].at("saturated_trained").get<double>() >= radii[1].at("saturated_initial").get<double>());
}

TEST_CASE("ntk-beyond refuses radii that do not increase or that its kernel cannot reach") {
  BeyondSettings s = beyond_presets().front().second;
  s.radii = {8, 4};
  CHECK_THROWS_WITH_AS(run_beyond(s, {.seed = 0}), doctest::Contains("expected increasing radii"), Error);
  s.radii = {8, 1e5};  // r/√n0 = 17678: one kernel prediction would take hours
  CHECK_THROWS_WITH_AS(run_beyond(s, {.seed = 0}), doctest::Contains("--radii 100000: expected at most"), Error);
}
