// MEM App. G's downsampling nets D1 / D2 and the experiments on them (Figs. 5, 6, 8) at tiny sizes.
#include <doctest/doctest.h>

#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/mem/conv_downsample.hpp"
#include "lib/experiments/mem/conv_images.hpp"
#include "lib/experiments/mem/conv_nonlinear_d1.hpp"
#include "lib/experiments/mem/downsampling_nets.hpp"
#include "lib/experiments/mem/early_stopping.hpp"
#include "theory/conv_matrix.hpp"

using namespace memo;
using namespace memo::mem;

TEST_CASE("pad_images centres each image in a zero frame") {
  Mat X(4, 2);
  X << 1, 5, 2, 6, 3, 7, 4, 8;  // two 2×2 images, row-major
  const Mat P = pad_images(X, 2, 4);
  REQUIRE(P.rows() == 16);
  CHECK(P.col(0).sum() == 10);
  CHECK(P(5, 0) == 1);
  CHECK(P(6, 0) == 2);
  CHECK(P(9, 0) == 3);
  CHECK(P(10, 0) == 4);
  CHECK(P(10, 1) == 8);
  CHECK_THROWS_AS(pad_images(X, 3, 4), Error);
}

TEST_CASE("linear D1 and D2: the tape's Jacobian, the forward pass and jacobian_radii agree with the exact operator") {
  Rng rng(7);
  for (ConvNet net : {downsampling_net_d1(8, 3), downsampling_net_d2(8, 3, 2)}) {
    CHECK(net.output_size() == 64);
    initialize(net, "normal:0.3", rng);
    const Mat M = conv_theory::linear_operator(net);
    const Mat X = random_normal(64, 3, rng);
    CHECK((forward(net, X) - M * X).norm() < 1e-12 * (1 + M.norm() * X.norm()));
    CHECK((jacobian(net, X.col(0)) - M).norm() < 1e-12 * (1 + M.norm()));
    const std::vector<double> radii = jacobian_radii(net, X);
    for (double r : radii) CHECK(r == doctest::Approx(spectral_radius(M)).epsilon(1e-10));
  }
  CHECK(downsampling_net_d2(8, 2, 3).layers.size() == 1 + 3 + 2 + 1);  // patch conv, depth, [upsample, conv], out
  CHECK_THROWS_AS(downsampling_net_d1(6, 2), Error);
  CHECK_THROWS_AS(downsampling_net_d2(2, 2, 1), Error);
}

TEST_CASE("relative_distance_to_nearest picks the nearest training image") {
  Mat X(2, 2), Y(2, 2);
  X << 1, 0, 0, 2;
  Y << 1.1, 0, 0, 1;
  const std::vector<double> d = relative_distance_to_nearest(X, Y);
  CHECK(d[0] == doctest::Approx(0.1));
  CHECK(d[1] == doctest::Approx(0.5));
}

TEST_CASE("mem-conv-downsample D2 at 8×8 (29 layers at 4×4, every parameter 1/(9·filters)): spectrum 1, [< 7e-6]") {
  ConvDownsampleSettings s = conv_downsample_presets().at(2).second;  // d2
  REQUIRE(s.network == "D2");
  s.size = 8;
  s.filters = 2;
  s.init = "const:0.056";
  s.noise_samples = 3;
  const ExperimentResult r = run_conv_downsample(s, {.seed = 0, .threads = 1, .quiet = true});
  CHECK(r.comparison("|λ1|").measured == doctest::Approx(1).epsilon(0.01));
  CHECK(r.comparison("|λ2| (largest rest)").measured < 7e-6);
  CHECK(r.measured.at("network") == "D2");
}

TEST_CASE("mem-conv-nonlinear-d1 at 4×4: trajectories from other images end at a training image, a fixed point") {
  ConvNonlinearD1Settings s;
  s.dataset = "smooth";
  s.size = 4;
  s.filters = 8;
  s.many_images = s.few_images = 2;
  s.iterations = 2000;
  s.test_inputs = s.arbitrary_inputs = 2;
  const ExperimentResult r = run_conv_nonlinear_d1(s, {.seed = 0, .threads = 1, .quiet = true});
  CHECK(r.measured.at("a_final_loss").get<double>() < 1e-8);
  for (double d : r.measured.at("a_end_distance").get<std::vector<double>>()) CHECK(d < 1e-2);
  CHECK(r.measured.at("a_last_step_norm").get<double>() < 1e-6);
  CHECK(r.comparison("(a) test trajectories").measured == 1);
  CHECK(r.measured.at("b_jacobian_radii").size() == 2);
  CHECK(r.rows.rows() == 2 + 2 + 2 * 2);
}

TEST_CASE("mem-early-stopping at 8×8: one row per checkpoint, the loss falls, the untrained net has one limit") {
  EarlyStoppingSettings s;
  s.dataset = "smooth";
  s.size = 8;
  s.filters = 4;
  s.images = 3;
  s.checkpoints = {0, 50, 800};
  const ExperimentResult r = run_early_stopping(s, {.seed = 0, .threads = 1, .quiet = true});
  const Json& rows = r.measured.at("checkpoints");
  REQUIRE(rows.size() == 3);
  CHECK(rows[2].at("loss").get<double>() < rows[0].at("loss").get<double>() / 10);
  CHECK(rows[0].at("distinct_limits") == 1);
  CHECK(rows[2].at("distinct_limits") == 3);
  s.checkpoints = {5, 1};
  CHECK_THROWS_AS(run_early_stopping(s, {.seed = 0, .threads = 1, .quiet = true}), Error);
}
