// AM Fig. 5 / S7 / S8 (lib/experiments/am/efficiency) at a tiny size, and the two pieces it is
// built from (lib/experiments/am/example_fixed_points) against closed forms on linear maps.
#include <doctest/doctest.h>

#include <sstream>

#include "lib/core/random.hpp"
#include "lib/experiments/am/efficiency.hpp"
#include "lib/experiments/am/example_fixed_points.hpp"
#include "tests/tiny_mnist.hpp"

using namespace memo;

TEST_CASE("power_map of x ↦ Ax + b: f^3 applied and its Jacobian A³ by the chain product") {
  Rng rng(4);
  const Mat A = 0.5 * random_normal(3, 3, rng);
  const Vec b = random_normal(3, 1, rng);
  const DynamicalMap f = linear_map(A, b);
  const DynamicalMap g = am::power_map(f, 3);
  const Mat X = random_normal(3, 2, rng);
  Mat expected = X;
  for (int k = 0; k < 3; ++k) expected = (A * expected).colwise() + b;
  CHECK((g.apply(X) - expected).norm() < 1e-12);
  const std::vector<Mat> Js = g.jacobians(X);
  REQUIRE(Js.size() == 2);
  CHECK((Js[1] - A * A * A).norm() < 1e-12);
  CHECK_THROWS_AS(am::power_map(f, 0), Error);
}

TEST_CASE("example_fixed_points: the fixed point (I − A)⁻¹ b of an affine map, found from nearby starts") {
  Rng rng(9);
  const Mat A = 0.3 * random_normal(4, 4, rng);
  const Vec b = random_normal(4, 1, rng);
  const Vec star = (Mat::Identity(4, 4) - A).fullPivLu().solve(b);
  Mat starts(4, 2);
  starts.col(0) = star + 0.01 * random_normal(4, 1, rng);
  starts.col(1) = star + Vec::Constant(4, 5.0);
  const am::ExampleFixedPoints fixed = am::example_fixed_points(linear_map(A, b), starts, am_criterion(1000));
  CHECK(fixed.missing() == 0);
  CHECK(fixed.newton_failures == 0);
  CHECK((fixed.points.col(0) - star).norm() < 1e-9);
  CHECK((fixed.points.col(1) - star).norm() < 1e-9);
}

TEST_CASE("am-efficiency at a tiny size: counts in whole cycles, Prop. 1–2 hold, S7 moduli agree with the counts") {
  testing::TinyMnist data("am-b-efficiency", 40, 28, 3);
  am::EfficiencySettings s = am::efficiency_presets().front().second;
  s.examples = 6;
  s.downsample = 7;  // 4×4 images
  s.widths = {16};
  s.depths = {1};
  s.lengths = {1, 3, 6};
  s.histogram_depths = {1};
  s.lr = 1e-3;
  s.max_epochs = 20000;
  s.max_iterations = 500;
  const ExperimentResult r = am::run_efficiency(s, {.seed = 1, .threads = 1});
  const Json& networks = r.measured.at("networks");
  REQUIRE(networks.size() == 3);
  int total = 0;
  for (const Json& net : networks) {
    const int L = net.at("length"), stored = net.at("stored");
    CHECK(net.at("converged").get<bool>());
    CHECK(stored % L == 0);  // a sequence is stored whole or not at all
    CHECK(stored <= 6);
    CHECK(net.at("stored_at_x").get<int>() % L == 0);
    CHECK(net.at("recovered_unstable").get<int>() == 0);
    CHECK(net.at("recovered").get<int>() <= stored);
    total += stored;
  }
  int by_length = 0;
  for (const auto& [L, stored] : r.measured.at("images_stored_by_length").items()) by_length += stored.get<int>();
  CHECK(by_length == total);
  // S7's moduli (one per image for d = 16) are ρ at the autoencoder's fixed points: the images
  // with ρ < 1 include every stored one.
  std::string moduli;
  for (const auto& [name, content] : r.files)
    if (name == "moduli.dat") moduli = content;
  std::istringstream lines(moduli);
  int below_one = 0, count = 0;
  for (double w, depth, top, m; lines >> w >> depth >> top >> m; ++count) below_one += m < 1;
  CHECK(count == 6);
  CHECK(below_one >= networks[0].at("stored").get<int>());
  CHECK(r.comparison("recovered copies of unstable sequences").measured == 0);
  s.lengths = {4};
  CHECK_THROWS_AS(am::run_efficiency(s, {.seed = 1, .threads = 1}), Error);
}
