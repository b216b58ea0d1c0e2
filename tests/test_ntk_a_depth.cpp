// NTK §4.2 (lib/experiments/ntk/depth) at a tiny size: ‖J − J0‖_op at the training example falls
// with depth in training, in each network's kernel prediction and at infinite width, and the
// kernel quantities obey Lemma 5 (Θ^L ≥ ¼) and χ ≤ 1/16.
#include <doctest/doctest.h>

#include <cmath>

#include "lib/experiments/ntk/depth.hpp"

using namespace memo;
using namespace memo::ntk;

TEST_CASE("ntk-depth, tiny: the trained Jacobian moves less with every layer, as the kernel predicts") {
  SingleExampleSettings s;
  s.n0 = 8;
  s.widths = {400};
  s.depths = {2, 3, 4};
  s.radii = {2};
  s.repetitions = 2;
  s.max_epochs = 5000;
  const ExperimentResult r = run_depth(s, {.seed = 5, .threads = 1});
  CHECK(r.all_agree());
  double previous_trained = 1e300, previous_limit = 1e300;
  for (const Json& e : r.measured.at("settings")) {
    const double trained = e.at("mean_trained_update_norm"), limit = e.at("infinite_width_update_norm");
    const double kernel = e.at("mean_kernel_update_norm");
    CHECK(trained < previous_trained);
    CHECK(limit < previous_limit);
    CHECK(std::abs(trained - kernel) <= 2 / std::sqrt(400.0));
    CHECK(e.at("kernel_theta").get<double>() >= 0.25);
    CHECK(std::abs(e.at("mean_empirical_theta").get<double>() - e.at("kernel_theta").get<double>()) <= 0.1);
    previous_trained = trained, previous_limit = limit;
  }
  CHECK(r.measured.at("largest_nngp_dot").get<double>() <= 1.0 / 16);
  CHECK(r.comparison("sigmoid, width 400, r = 2: mean ‖J − J0‖_op").measured < 0.5);
}
