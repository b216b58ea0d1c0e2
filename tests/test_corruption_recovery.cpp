// Corruptions, recovery rate, the 1-nearest-neighbour baseline (AM Fig. 2c, S9) and basins on
// a 2-D grid (AM Fig. 3), checked on the hand-built map whose basins are known.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>

#include "lib/dynamics/basins.hpp"
#include "lib/dynamics/corruption.hpp"
#include "lib/dynamics/nearest_example.hpp"
#include "lib/io/npy.hpp"
#include "lib/dynamics/recovery.hpp"
#include "lib/cli/report.hpp"
#include "tests/hand_built_map.hpp"

using namespace memo;
using namespace memo::testing;

TEST_CASE("corruptions: parsing, and each changes exactly what it says") {
  CHECK(corruption_name(parse_corruption("gaussian:0.5")) == "gaussian:0.5");
  CHECK(corruption_name(parse_corruption("square:3,1")) == "square:3,1");
  CHECK(corruption_name(parse_corruption("pixels:0.25,-1,1")) == "pixels:0.25,-1,1");
  for (const char* bad : {"gauss:1", "gaussian", "gaussian:x", "square:2.5", "pixels:1.5", "uniform:-1", "square:2,1,3"})
    CHECK_THROWS_AS(parse_corruption(bad), Error);

  Rng rng(1);
  const int side = 8, d = side * side, n = 400;
  const Mat X = random_uniform(d, n, rng, 0.1, 0.9);

  const Mat g = corrupt(X, parse_corruption("gaussian:0.3"), rng) - X;
  const double std_measured = std::sqrt(g.squaredNorm() / static_cast<double>(g.size()));
  CHECK(std_measured == doctest::Approx(0.3).epsilon(0.01));  // 25,600 draws: 1σ ≈ 0.45%

  const Mat u = corrupt(X, parse_corruption("uniform:0.2"), rng) - X;
  CHECK(u.cwiseAbs().maxCoeff() <= 0.2);
  CHECK(u.squaredNorm() / static_cast<double>(u.size()) == doctest::Approx(0.04 / 3).epsilon(0.02));

  // A 3×3 square of colour 0 (the data never is 0): exactly 9 pixels, all inside one 3×3 block.
  const Mat s = corrupt(X, parse_corruption("square:3,0"), rng);
  for (int j = 0; j < n; ++j) {
    int changed = 0, rmin = side, rmax = -1, cmin = side, cmax = -1;
    for (int p = 0; p < d; ++p)
      if (s(p, j) != X(p, j)) {
        CHECK(s(p, j) == 0);
        ++changed;
        rmin = std::min(rmin, p / side), rmax = std::max(rmax, p / side);
        cmin = std::min(cmin, p % side), cmax = std::max(cmax, p % side);
      }
    CHECK(changed == 9);
    CHECK(rmax - rmin == 2);
    CHECK(cmax - cmin == 2);
  }
  // Three channels: the same square in each.
  Corruption c3 = parse_corruption("square:2,5");
  c3.image_side = 4;
  const Mat X3 = Mat::Zero(48, 1);
  const Mat s3 = corrupt(X3, c3, rng);
  CHECK(s3.sum() == 5 * 4 * 3);
  for (int p = 0; p < 16; ++p) CHECK(s3(p) == s3(16 + p));
  CHECK_THROWS_AS(corrupt(Mat::Zero(10, 1), parse_corruption("square:2"), rng), Error);

  // 25% of 64 pixels = 16 replaced by U[−1, 0] noise (never equal to the data in (0.1, 0.9)).
  const Mat px = corrupt(X, parse_corruption("pixels:0.25,-1,0"), rng);
  for (int j = 0; j < n; ++j) CHECK((px.col(j) - X.col(j)).cwiseAbs().cwiseSign().sum() == 16);
  CHECK(px.minCoeff() >= -1);

  const CorruptedSet set = corrupted_copies(X.leftCols(3), parse_corruption("gaussian:0.1"), 4, rng);
  CHECK(set.points.cols() == 12);
  CHECK(set.source == std::vector<int>{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2});
}

TEST_CASE("nearest examples: the GEMM candidate equals brute force, with exact distances") {
  Rng rng(3);
  const Mat X = random_normal(10, 30, rng) * 5;
  const Mat Q = X + random_normal(10, 30, rng) * 2;
  const NearestExamples near = nearest_examples(X, Q);
  for (int j = 0; j < 30; ++j) {
    Eigen::Index best = 0;
    (X.colwise() - Q.col(j)).colwise().norm().minCoeff(&best);
    CHECK(near.index[j] == best);
    CHECK(near.distance(j) == (Q.col(j) - X.col(best)).norm());
  }
  // at norm ~10, a point 1e-9 away is found 1e-9 away (the expanded GEMM form would not resolve it)
  const Mat close = X.col(4) + Vec::Constant(10, 1e-9 / std::sqrt(10.0));
  CHECK(nearest_examples(X, close).distance(0) == doctest::Approx(1e-9).epsilon(1e-6));
}

TEST_CASE("recovery rate = fraction of starts whose x lands in the known basin; 1-NN baseline") {
  // Hand-built map, examples (0, 0) and (2, 0). g maps (−1, 1) monotonically into itself and
  // (1, 2] onto (1, 2], so for |y| small a copy is recovered exactly when its x-coordinate lies in
  // its own example's x-basin: (−1, 1) for (0, 0), (1, 2.4) ⊂ basin for (2, 0) (checked below).
  const DynamicalMap f = hand_built_map();
  Mat examples(2, 2);
  examples << 0, 2, 0, 0;
  Rng rng(7);
  const CorruptedSet set = corrupted_copies(examples, parse_corruption("gaussian:0.6"), 300, rng);
  const Recovery r = recovery(f, examples, set.points, set.source, am_criterion(3000));
  int expected = 0, nn_expected = 0;
  for (Eigen::Index j = 0; j < set.points.cols(); ++j) {
    const double x = set.points(0, j);
    const bool in_basin = set.source[j] == 0 ? std::abs(x) < 1 : (x > 1 && x < 2.4);
    // outside those intervals, decide by a plain single-point loop
    Mat p = set.points.col(j);
    for (int k = 0; k < 3000; ++k) p = f.apply(p);
    const bool reference = (p - examples.col(set.source[j])).norm() < 1e-7;
    if (std::abs(x) < 1 || (x > 1 && x < 2.4)) CHECK(reference == in_basin);
    expected += reference;
    nn_expected += (set.points.col(j) - examples.col(set.source[j])).norm() <
                   (set.points.col(j) - examples.col(1 - set.source[j])).norm();
  }
  CHECK(r.total == 600);
  CHECK(r.recovered == expected);
  CHECK(r.rate() > 0.5);
  CHECK(r.rate() < 1.0);
  CHECK(nearest_neighbour_recovery_rate(examples, set.points, set.source) == doctest::Approx(nn_expected / 600.0));
  // Noise-free copies are all recovered, by iteration and by 1-NN.
  const CorruptedSet exact = corrupted_copies(examples, parse_corruption("gaussian:0"), 2, rng);
  CHECK(recovery(f, examples, exact.points, exact.source, am_criterion(10)).rate() == 1.0);
  CHECK(nearest_neighbour_recovery_rate(examples, exact.points, exact.source) == 1.0);
  CHECK_THROWS_AS(recovery(f, examples, exact.points, {0, 1}, am_criterion(10)), Error);
}

TEST_CASE("basins on a grid: labels of known regions, the vector field, CSV and PNG") {
  const DynamicalMap f = hand_built_map();
  Mat examples(2, 2);
  examples << 0, 2, 0, 0;
  const Grid2d grid{-2.5, 2.5, -1.5, 1.5, 26, 16};
  const Basins b = basins_2d(f, examples, grid, am_criterion(3000));
  REQUIRE(b.points.cols() == 26 * 16);
  int cycle_label = -10;
  for (int j = 0; j < b.points.cols(); ++j) {
    const double x = b.points(0, j), y = b.points(1, j);
    CHECK((b.field.col(j) - (f.apply(b.points.col(j)) - b.points.col(j))).norm() == 0);
    if (std::abs(x) < 0.9 && std::abs(y) < 1) CHECK(b.label(j) == 0);
    if (x > 1.1 && x < 2.3 && std::abs(y) < 1) CHECK(b.label(j) == 1);
    if (x < -1.1 && y > 0.3 && y < 1.2) {  // the 2-cycle's basin: one label for all of them
      CHECK(b.result.ends[j].kind == LimitKind::cycle);
      if (cycle_label == -10) cycle_label = b.label(j);
      CHECK(b.label(j) == cycle_label);
    }
  }
  CHECK(cycle_label >= 2);  // labels past the examples are spurious limits and cycles

  const std::string dir = "build/test-output/basins";
  std::filesystem::create_directories(dir);
  write_basins_csv(dir + "/basins.csv", b);
  const std::string text = read_file(dir + "/basins.csv");
  CHECK(std::count(text.begin(), text.end(), '\n') == 26 * 16 + 1);
  CHECK(text.rfind("x,y,label,kind,steps,fx_minus_x,fy_minus_y\n", 0) == 0);
  if (gnuplot_available()) {
    std::remove((dir + "/basins.png").c_str());
    write_file(dir + "/examples.csv", "0,0\n2,0\n");
    CHECK(plot_basins(dir + "/basins.png", dir + "/basins.csv", dir + "/examples.csv", b, "hand-built map"));
    CHECK(std::filesystem::file_size(dir + "/basins.png") > 1000);
  }
}

TEST_CASE("square corruption refuses dimensions that are not images") {
  Rng rng(2);
  CHECK_THROWS_AS(corrupt(Mat::Zero(2, 1), parse_corruption("square:1"), rng), Error);
  Corruption c = parse_corruption("square:1");
  c.image_side = 3;
  CHECK_THROWS_AS(corrupt(Mat::Zero(10, 1), c, rng), Error);
  CHECK_NOTHROW(corrupt(Mat::Zero(18, 1), c, rng));  // two 3×3 channels
}
