// mem-init (MEM App. I.2, Fig. 12) at a tiny size: the linear limit A(∞) = P + A(0)(I − P) to
// 1e-10 and Weyl's bound on its singular values, and the Kaiming initialisation's larger
// output norm before training, recomputed here from the variances of the layers.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "lib/core/random.hpp"
#include "lib/experiments/mem/init.hpp"
#include "tests/tiny_mnist.hpp"

using namespace memo;

TEST_CASE("mem-init at a tiny size: the linear limit, Weyl's bound, and Kaiming's larger initial output") {
  testing::TinyMnist data("mem-fc-init", 20, 6, 11);
  mem::InitSettings s = mem::init_presets().front().second;
  s.linear_dim = 8;
  s.linear_examples = 3;
  s.init_std = 0.3;
  s.linear_epochs = 20000;
  s.inits = "xavier_uniform,kaiming_normal";
  s.images = 2;
  s.random_inputs = 5;
  s.depth = 2;
  s.width = 16;
  s.lr = 1e-3;
  s.tol = 1e-5;
  s.max_epochs = 5000;
  const ExperimentResult r = mem::run_init(s, {.seed = 4});

  CHECK(r.comparison("linear: max|A(∞)").measured < 1e-10);
  CHECK(r.comparison("linear: max|A(∞)").agrees);
  const std::vector<double> sigma = r.measured.at("linear_noisy_singular_values"),
                            bound = r.measured.at("linear_weyl_upper_bound"),
                            sigma_p = r.measured.at("linear_projector_singular_values");
  REQUIRE(sigma.size() == 8);
  for (size_t i = 0; i < sigma.size(); ++i) CHECK(sigma[i] <= bound[i] + 1e-12);
  // P has n singular values 1 and d − n zeros; the bound adds one constant ‖A(0)(I − P)‖ to each.
  for (size_t i = 0; i < 3; ++i) CHECK(sigma_p[i] == doctest::Approx(1).epsilon(1e-12));
  for (size_t i = 3; i < 8; ++i) CHECK(std::abs(sigma_p[i]) < 1e-12);
  for (size_t i = 1; i < 8; ++i) CHECK(bound[i] - sigma_p[i] == doctest::Approx(bound[0] - sigma_p[0]).epsilon(1e-12));
  CHECK(r.comparison("linear: max_i").agrees);

  // 36 → 16 → 16 → 36: Kaiming's weight variance 2/fan_in against Xavier's 2/(fan_in + fan_out)
  // makes the last layer alone (16 → 36) √((2/16)/(2/52)) ≈ 1.8 times larger in output norm.
  const Json& inits = r.measured.at("inits");
  REQUIRE(inits.size() == 2);
  CHECK(inits[1].at("init") == "kaiming_normal");
  CHECK(inits[1].at("output_norm_before").get<double>() > inits[0].at("output_norm_before").get<double>());
  CHECK(r.comparison("networks trained").agrees);
  CHECK(r.rows.rows() == 2);
}

TEST_CASE("mem-init refuses an empty entry in --inits") {
  testing::TinyMnist data("mem-fc-init", 4, 6, 11);
  mem::InitSettings s = mem::init_presets().front().second;
  s.inits = "xavier_uniform,,default";
  s.linear_epochs = 10;
  CHECK_THROWS_WITH_AS(mem::run_init(s, {.seed = 0}), doctest::Contains("--inits"), Error);
}
