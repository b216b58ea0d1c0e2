// The readings of MEM Tables 1–2 that mem-conv-table1/2 add as settings: the training images
// (Gaussian, non-negative |N(0,1)|, App. H's white squares) and a constant init scaled by the
// number of filters.
#include <doctest/doctest.h>

#include <Eigen/QR>
#include <cmath>

#include "lib/experiments/mem/conv_table2.hpp"
#include "lib/experiments/mem/table_readings.hpp"
#include "theory/conv_matrix.hpp"

using namespace memo;
using namespace memo::mem;

TEST_CASE("table images: |N(0,1)| are the Gaussian draws' moduli, white squares are independent 0/1 squares") {
  Rng a(5), b(5);
  const Mat gaussian = table_images("gaussian", 4, 3, a);
  const Mat nonnegative = table_images("abs", 4, 3, b);
  REQUIRE(nonnegative.rows() == 16);
  REQUIRE(nonnegative.cols() == 3);
  CHECK(nonnegative.minCoeff() >= 0);
  CHECK((nonnegative - gaussian.cwiseAbs()).norm() == 0);

  Rng c(7);
  const Mat squares = table_images("square", 5, 5, c);
  CHECK(Eigen::ColPivHouseholderQR<Mat>(squares).rank() == 5);
  for (Eigen::Index j = 0; j < squares.cols(); ++j) {
    int ones = 0, top = 5, bottom = -1, left = 5, right = -1;
    for (int r = 0; r < 5; ++r)
      for (int col = 0; col < 5; ++col) {
        const double v = squares(r * 5 + col, j);
        REQUIRE((v == 0 || v == 1));
        if (v == 1) {
          ++ones;
          top = std::min(top, r), bottom = std::max(bottom, r), left = std::min(left, col), right = std::max(right, col);
        }
      }
    const int side = bottom - top + 1;
    CHECK(side == right - left + 1);  // a square, filled
    CHECK(ones == side * side);
  }
  Rng d(0);
  CHECK_THROWS_WITH_AS(table_images("photo", 3, 1, d), doctest::Contains("expected gaussian, abs or square"), Error);
  // a 2×2 image has only 5 distinct white squares and rank ≤ 4: 5 independent ones do not exist
  CHECK_THROWS_WITH_AS(table_images("square", 2, 5, d), doctest::Contains("linearly independent"), Error);
}

TEST_CASE("const_over_filters:c sets every parameter to c / filters") {
  ConvStackOptions options;
  options.layers = 3;
  options.filters = 16;
  ConvNet net = make_conv_stack(options);
  Rng rng(0);
  initialize_table_net(net, "const_over_filters:0.1", 16, rng);
  for (Param* p : parameters(net)) {
    CHECK(p->value.maxCoeff() == doctest::Approx(0.1 / 16).epsilon(1e-15));
    CHECK(p->value.minCoeff() == doctest::Approx(0.1 / 16).epsilon(1e-15));
  }
  CHECK_THROWS_WITH_AS(initialize_table_net(net, "const_over_filters:x", 16, rng),
                       doctest::Contains("expected const_over_filters:<number>"), Error);
}

TEST_CASE("mem-conv-table2 row 1 on non-negative images: the trained net still maps its image to itself") {
  for (const char* images : {"abs", "square"}) {
    CAPTURE(images);
    ConvTable2Settings s;
    s.rows = {1};
    s.images = images;
    const ExperimentResult r = run_conv_table2(s, {.seed = 1, .threads = 1});
    REQUIRE(r.measured.at("rows").at(0).at("converged_runs") == 1);
    // M x = x up to the training error (MSE < 1e-6), so |λ1| = 1 as for Gaussian images
    CHECK(r.comparison("2×2 n=1 L=3: |λ1|").measured == doctest::Approx(1).epsilon(1e-2));
    CHECK(r.comparison("2×2 n=1 L=3: |λ2| (largest rest)").measured < 1);
  }
  ConvTable2Settings bad;
  bad.optimizer = "sgd";
  CHECK_THROWS_WITH_AS(run_conv_table2(bad, {.seed = 0}), doctest::Contains("expected paper or gd"), Error);
}
