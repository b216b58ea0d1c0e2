// Synthetic data: exact norms and angles on the sphere, the Swiss roll formula, grids, point
// sets, and the video/audio stand-ins against their defining formulas.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "datasets/synthetic.hpp"

using namespace memo;

namespace {
constexpr double kPi = std::numbers::pi;

double min_pairwise_angle(const Mat& X) {
  double smallest = kPi;
  for (Eigen::Index i = 0; i < X.cols(); ++i)
    for (Eigen::Index j = i + 1; j < X.cols(); ++j)
      smallest = std::min(smallest, std::acos(std::clamp(X.col(i).normalized().dot(X.col(j).normalized()), -1.0, 1.0)));
  return smallest;
}
}  // namespace

TEST_CASE("sphere points: radius, uniform directions, positive orthant, minimum angle, mixed norms") {
  Rng rng(1);
  const Mat X = sphere_points(3, 4000, 2.5, rng);
  CHECK((X.colwise().norm().array() - 2.5).abs().maxCoeff() < 1e-13);
  // uniform directions: the mean direction vanishes (standard error 1/√(3·4000) ≈ 0.009 per axis)
  // and E[u_k²] = 1/3 per axis
  const Mat U = X / 2.5;
  CHECK(U.rowwise().mean().cwiseAbs().maxCoeff() < 0.05);
  CHECK((U.array().square().rowwise().mean() - 1.0 / 3).abs().maxCoeff() < 0.03);

  const Mat positive = sphere_points(5, 50, 1.0, rng, {.positive_orthant = true});
  CHECK(positive.minCoeff() >= 0);
  CHECK((positive.colwise().norm().array() - 1).abs().maxCoeff() < 1e-14);

  const double angle = 50 * kPi / 180;
  const Mat spread = sphere_points(4, 12, 3.0, rng, {.min_angle = angle});
  CHECK(min_pairwise_angle(spread) >= angle - 1e-12);
  CHECK(min_pairwise_angle(sphere_points(4, 12, 3.0, rng)) < angle);  // without the option pairs come closer
  // at most 6 directions in the plane can be 60° apart, and random draws will not find even 7
  CHECK_THROWS_WITH_AS(sphere_points(2, 7, 1.0, rng, {.min_angle = kPi / 3}), doctest::Contains("cannot place 7 points"),
                       Error);

  const Mat mixed = sphere_points(6, 200, 2.0, rng, {.radius_max = 1000});
  const Eigen::RowVectorXd norms = mixed.colwise().norm();
  CHECK(norms.minCoeff() >= 2.0);
  CHECK(norms.maxCoeff() <= 1000.0);
  CHECK(norms.mean() == doctest::Approx(501).epsilon(0.1));  // uniform on [2, 1000]
  Rng a(5), b(5);
  CHECK(sphere_points(7, 9, 1.0, a) == sphere_points(7, 9, 1.0, b));
  CHECK_THROWS_AS(sphere_points(3, 2, 0.0, rng), Error);
  CHECK_THROWS_AS(sphere_points(3, 2, 1.0, rng, {.radius_max = 0.5}), Error);
}

TEST_CASE("Swiss roll follows scikit-learn's make_swiss_roll formula") {
  Rng rng(2);
  const SwissRoll roll = swiss_roll(3000, rng);
  for (Eigen::Index j = 0; j < 3000; ++j) {
    const double t = roll.t(j);
    CHECK(roll.X(0, j) == doctest::Approx(t * std::cos(t)).epsilon(1e-15));
    CHECK(roll.X(2, j) == doctest::Approx(t * std::sin(t)).epsilon(1e-15));
  }
  CHECK(roll.t.minCoeff() >= 1.5 * kPi);
  CHECK(roll.t.maxCoeff() <= 4.5 * kPi);
  CHECK(roll.t.mean() == doctest::Approx(3 * kPi).epsilon(0.02));     // t uniform on [1.5π, 4.5π]
  CHECK(roll.X.row(1).minCoeff() >= 0);
  CHECK(roll.X.row(1).maxCoeff() <= 21);
  CHECK(roll.X.row(1).mean() == doctest::Approx(10.5).epsilon(0.03));  // y uniform on [0, 21]
  Rng same(2);
  const SwissRoll noisy = swiss_roll(3000, same, 0.5);
  CHECK(noisy.t == roll.t);  // noise is drawn after t and y
  const double residual_std = std::sqrt((noisy.X - roll.X).squaredNorm() / (3 * 3000));
  CHECK(residual_std == doctest::Approx(0.5).epsilon(0.03));
}

TEST_CASE("grids, boxes and circles") {
  const Mat grid = grid_points(Eigen::Vector2d(-1, 0), Eigen::Vector2d(1, 4), 3);
  REQUIRE(grid.cols() == 9);
  CHECK(grid.col(0) == Eigen::Vector2d(-1, 0));
  CHECK(grid.col(1) == Eigen::Vector2d(0, 0));  // first coordinate fastest
  CHECK(grid.col(3) == Eigen::Vector2d(-1, 2));
  CHECK(grid.col(8) == Eigen::Vector2d(1, 4));
  CHECK(grid_points(Vec::Zero(3), Vec::Ones(3), 10).cols() == 1000);  // MEM Fig. 2
  CHECK_THROWS_AS(grid_points(Vec::Zero(2), Vec::Ones(3), 10), Error);

  Rng rng(3);
  const Mat box = box_points(2, 6, -1, 1, rng, 0.5);
  CHECK(box.cwiseAbs().maxCoeff() <= 1);
  for (Eigen::Index i = 0; i < 6; ++i)
    for (Eigen::Index j = i + 1; j < 6; ++j) CHECK((box.col(i) - box.col(j)).norm() >= 0.5);
  CHECK_THROWS_AS(box_points(2, 50, 0, 1, rng, 0.5), Error);

  const Mat circle = circle_points(6, 2.0, 0.1);
  CHECK((circle.colwise().norm().array() - 2).abs().maxCoeff() < 1e-15);
  for (Eigen::Index j = 0; j < 6; ++j)
    CHECK(circle.col(j).dot(circle.col((j + 1) % 6)) == doctest::Approx(4 * std::cos(kPi / 3)).epsilon(1e-14));
}

TEST_CASE("blob video: values in [0,1], a closed loop of distinct frames, blob where the path puts it") {
  const Mat video = blob_video(20, 32, 32);
  REQUIRE(video.rows() == 32 * 32);
  CHECK(video.minCoeff() >= 0);
  CHECK(video.maxCoeff() <= 1);
  // frame 2k of a 40-frame video is frame k of the 20-frame one: motion is periodic in the clip
  const Mat twice = blob_video(40, 32, 32);
  for (int k = 0; k < 20; ++k) CHECK((twice.col(2 * k) - video.col(k)).norm() < 1e-12);
  double closest = 1e9;
  for (int i = 0; i < 20; ++i)
    for (int j = i + 1; j < 20; ++j) closest = std::min(closest, (video.col(i) - video.col(j)).norm());
  CHECK(closest > 0.5);
  // at phase 0 the blob sits in the centre: its intensity-weighted centroid is (16, 16)
  double mass = 0, x = 0, y = 0;
  for (int r = 0; r < 32; ++r)
    for (int c = 0; c < 32; ++c) {
      const double v = video(r * 32 + c, 0);
      mass += v, x += v * (c + 0.5), y += v * (r + 0.5);
    }
  CHECK(x / mass == doctest::Approx(16).epsilon(1e-3));
  CHECK(y / mass == doctest::Approx(16).epsilon(1e-3));
}

TEST_CASE("audio chunks: one-second columns of the enveloped sum of sinusoids") {
  const std::vector<Tone> tones{{5.5, 1.0, 0.3, 1.0}, {13.25, 0.5, 2.0, -0.5}};
  const int seconds = 3, rate = 200;
  const Mat audio = audio_chunks(seconds, rate, tones);
  REQUIRE(audio.rows() == rate);
  REQUIRE(audio.cols() == seconds);
  for (int s = 0; s < seconds; ++s)
    for (int i = 0; i < rate; i += 37) {
      const double t = s + double(i) / rate;
      const double expected =
          (1.0 * (0.75 + 0.25 * std::cos(2 * kPi * t / 3 + 1.0)) * std::sin(2 * kPi * 5.5 * t + 0.3) +
           0.5 * (0.75 + 0.25 * std::cos(2 * kPi * t / 3 - 0.5)) * std::sin(2 * kPi * 13.25 * t + 2.0)) / 1.5;
      CHECK(audio(i, s) == doctest::Approx(expected).epsilon(1e-12));
    }
  Rng rng(4);
  const Mat clip = audio_chunks(8, 22050, random_tones(6, rng));  // AM App. G: 8 s at 22,050 Hz
  CHECK(clip.cwiseAbs().maxCoeff() <= 1);
  for (int i = 0; i < 8; ++i)
    for (int j = i + 1; j < 8; ++j) CHECK((clip.col(i) - clip.col(j)).norm() > 1);
  CHECK_THROWS_AS(audio_chunks(0, 100, tones), Error);
  CHECK_THROWS_AS(audio_chunks(1, 100, {}), Error);
}
