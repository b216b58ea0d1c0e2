// Stored cycles (AM Prop. 2, Fig. 4a, App. G): the exact periodic orbit by Newton's method on a
// map whose 2-cycle is known in closed form, ρ(J_{f^n}) from width × width factors against the
// full chain product, and am-audio / am-video at tiny sizes.
#include <doctest/doctest.h>

#include "lib/dynamics/cycle_spectrum.hpp"
#include "lib/dynamics/limit_cycles.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/am/audio.hpp"
#include "lib/experiments/am/video.hpp"
#include "tests/hand_built_map.hpp"

using namespace memo;

TEST_CASE("periodic_orbit finds the hand-built map's exact 2-cycle {(−2, 1), (−2, −1)} from a nearby point") {
  const DynamicalMap f = memo::testing::hand_built_map();
  Vec start(2);
  start << -1.9, 0.8;
  const Mat cycle = periodic_orbit(f, start, 2);
  Mat exact(2, 2);
  exact << -2, -2, 1, -1;
  CHECK((cycle - exact).norm() < 1e-10);
  // J_{f²} there has eigenvalues g'(−2)² = 0.04 and q'(1) q'(−1) = 0 (tests/hand_built_map.hpp)
  CHECK(spectral_radius(chain_jacobian(f, cycle)) == doctest::Approx(0.04).epsilon(1e-9));
  CHECK_THROWS_AS(periodic_orbit(f, start, 0), Error);
}

TEST_CASE("cycle_spectral_radius from width × width factors equals ρ of the full chain product") {
  Rng rng(3);
  for (const char* act : {"selu", "tanh"}) {
    Mlp net = make_mlp({12, 5, 5, 5, 12}, parse_activation(act), Parametrization::standard, true, rng);
    initialize(net, "normal:0.8", rng);  // ρ away from 0, so the comparison is not 0 = 0
    const Mat points = random_normal(12, 4, rng);
    const FactoredJacobian AB = factored_jacobian(net, points.col(0));
    CHECK((AB.A * AB.B - jacobian(net, Vec(points.col(0)))).norm() < 1e-12 * (1 + AB.A.norm() * AB.B.norm()));
    const double full = spectral_radius(chain_jacobian(mlp_map(net), points));
    REQUIRE(full > 1e-6);
    CHECK(cycle_spectral_radius(net, points) == doctest::Approx(full).epsilon(1e-9));
    CHECK(cycle_spectral_radius(net, points.leftCols(1)) ==
          doctest::Approx(spectral_radius(jacobian(net, Vec(points.col(0))))).epsilon(1e-9));
  }
}

TEST_CASE("am-audio at a tiny size: 3 chunks of 40 samples stored as a stable limit cycle, replayed from noise") {
  am::AudioSettings s = am::audio_presets().front().second;
  s.seconds = 3;
  s.sample_rate = 40;
  s.network.depth = 10;  // depth 3 stores an unstable cycle (ρ 1.3 at seed 1): attraction needs depth (AM Fig. 5)
  s.network.width = 15;
  s.network.lr = 1e-3;
  s.network.noise_starts = 4;
  const ExperimentResult r = am::run_audio(s, {.seed = 1, .threads = 1});
  REQUIRE(r.comparison("network trained").agrees);
  const Json& m = r.measured;
  CHECK(m.at("spectral_radius").get<double>() < 1);
  CHECK(m.at("orbit_found").get<bool>());
  // the exact orbit sits within the training error of the chunks: ‖f(x_i) − x_{i+1}‖/(1 − ρ) at most
  CHECK(m.at("orbit_offset").get<double>() < 3 * m.at("max_step_error").get<double>() /
                                                 (1 - m.at("orbit_spectral_radius").get<double>()));
  CHECK(m.at("orbit_spectral_radius").get<double>() == doctest::Approx(m.at("spectral_radius").get<double>()).epsilon(0.1));
  CHECK(r.comparison("noise starts replaying").measured == 4);
  CHECK(m.at("replay_max_sample_error").get<double>() < 1e-2);
  CHECK(r.rows.rows() == 120);
  const Mat clip = am::synthetic_speech(3, 40, 1);
  CHECK(clip.cwiseAbs().maxCoeff() <= 0.92);
  CHECK(clip.cwiseAbs().maxCoeff() > 0.1);
}

TEST_CASE("am-video at a tiny size: 5 frames of 6 × 6 stored as a stable limit cycle, replayed from noise") {
  am::VideoSettings s = am::video_presets().front().second;
  s.frames = 5;
  s.side = 6;
  s.network.depth = 10;
  s.network.width = 32;
  s.network.lr = 1e-3;
  s.network.noise_starts = 4;
  const ExperimentResult r = am::run_video(s, {.seed = 2, .threads = 1});
  REQUIRE(r.comparison("network trained").agrees);
  CHECK(r.comparison("stable limit cycle").agrees);
  CHECK(r.comparison("noise starts replaying").measured == 4);
  CHECK(r.measured.at("replay_max_distance").get<double>() < 1e-2);
  CHECK(r.rows.rows() == 5);
  const Mat film = am::synthetic_film(5, 6);
  CHECK(film.minCoeff() >= 0);
  CHECK(film.maxCoeff() <= 1);
  CHECK((film.col(1) - film.col(0)).norm() > 0.1);  // the frames move
}
