// MEM's fully connected experiments, the shared pieces: iterating with snapshots against a
// closed form, tiling images, and the Swiss-roll experiment at a tiny size, where the trained
// network must contract at its training points (MEM §3: ρ(J) < 1 there).
#include <doctest/doctest.h>

#include <cmath>

#include "datasets/synthetic.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/mem/fc_autoencoder.hpp"
#include "lib/experiments/mem/swissroll.hpp"

using namespace memo;

TEST_CASE("iterate_snapshots: x ↦ x/2 gives 2^−t z, stops once a step is below tol, and flags divergence") {
  Rng rng(3);
  const Mat Z = random_normal(4, 6, rng);
  const Mat half = Mat::Identity(4, 4) * 0.5;
  const mem::Snapshots s = mem::iterate_snapshots(linear_map(half), Z, {0, 1, 3, 10}, 1e-30);
  REQUIRE(s.points.size() == 4);
  CHECK((s.points[0] - Z).norm() == 0);
  CHECK((s.points[1] - Z * 0.5).norm() < 1e-15);
  CHECK((s.points[2] - Z * 0.125).norm() < 1e-15);
  CHECK((s.points[3] - Z * std::pow(0.5, 10)).norm() < 1e-15);
  for (int steps : s.steps) CHECK(steps == 10);

  // With tol 0.1 a trajectory stops after the first step shorter than 0.1: its step count is
  // the first t with 2^−t ‖z‖ < 0.1.
  const mem::Snapshots early = mem::iterate_snapshots(linear_map(half), Z, {50}, 0.1);
  for (Eigen::Index j = 0; j < Z.cols(); ++j) {
    int t = 1;
    while (std::pow(0.5, t) * Z.col(j).norm() >= 0.1) ++t;
    CHECK(early.steps[j] == t);
    CHECK((early.points[0].col(j) - Z.col(j) * std::pow(0.5, t)).norm() < 1e-15);
  }

  const mem::Snapshots grows = mem::iterate_snapshots(linear_map(Mat::Identity(4, 4) * 10.0), Z, {100});
  for (Eigen::Index j = 0; j < Z.cols(); ++j) {
    CHECK(grows.diverged[j]);
    CHECK(grows.points[0].col(j).allFinite());
    CHECK(grows.points[0].col(j).norm() < 1e8);
  }
  CHECK_THROWS_AS(mem::iterate_snapshots(linear_map(half), Z, {3, 1}), Error);
}

TEST_CASE("tile_images puts pixel (y, x) of tile (r, c) at (1 + r(s+1) + y, 1 + c(s+1) + x)") {
  const int side = 3;
  Vec a(9), b(9);
  for (int i = 0; i < 9; ++i) {
    a(i) = i / 10.0;
    b(i) = 1 + i / 10.0;
  }
  const Mat T = mem::tile_images({{a, b}, {b}}, side, -1);
  CHECK(T.rows() == 2 * (side + 1) + 1);
  CHECK(T.cols() == 2 * (side + 1) + 1);
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x) {
      CHECK(T(1 + y, 1 + x) == a(y * side + x));
      CHECK(T(1 + y, 1 + side + 1 + x) == b(y * side + x));
      CHECK(T(1 + side + 1 + y, 1 + x) == b(y * side + x));
      CHECK(T(1 + side + 1 + y, 1 + side + 1 + x) == -1);  // the missing tile
    }
  CHECK(T(0, 0) == -1);
  CHECK(T(side + 1, 2) == -1);
  CHECK_THROWS_AS(mem::tile_images({{Vec::Zero(4)}}, side), Error);
}

TEST_CASE("mem-swissroll at a tiny size: every training point attracts (ρ of a finite-difference Jacobian < 1)") {
  mem::SwissRollSettings s = mem::swissroll_presets().front().second;
  s.points = 4;
  s.net.depth = 4;
  s.net.width = 64;
  s.net.lr = 1e-3;
  s.net.tol = 1e-8;
  s.net.max_epochs = 3000;
  s.grid = 3;
  s.snapshots = {0, 10, 100};
  const ExperimentResult r = mem::run_swissroll(s, {.seed = 0});
  CHECK(r.comparison("network trained").agrees);
  CHECK(r.comparison("training points with").measured == 4);
  const std::vector<double> share = r.measured.at("reached_share");
  CHECK(share.at(0) == 0);  // no grid start lies on a training point
  CHECK(share.at(2) > 0.9);
  CHECK(r.rows.rows() == 27);

  // The same training, and its Jacobians by central differences: an independent ρ(J).
  Rng rng(0);
  const SwissRoll roll = swiss_roll(s.points, rng);
  const Mat X = roll.X / roll.X.cwiseAbs().maxCoeff();
  const mem::FcAutoencoder trained = mem::train_fc_autoencoder(X, s.net, run_seed(0, 1), true);
  double largest = 0;
  for (Eigen::Index i = 0; i < X.cols(); ++i) {
    Mat J(3, 3);
    const double h = 1e-6;
    for (int k = 0; k < 3; ++k) {
      Mat plus = X.col(i), minus = X.col(i);
      plus(k) += h;
      minus(k) -= h;
      J.col(k) = (forward(trained.net, plus) - forward(trained.net, minus)) / (2 * h);
    }
    const double rho = spectral_radius(J);
    CHECK(rho < 1);
    largest = std::max(largest, rho);
  }
  CHECK(largest == doctest::Approx(r.measured.at("largest_spectral_radius").get<double>()).epsilon(1e-5));
}
