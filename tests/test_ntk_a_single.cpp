// NTK Fig. 2's experiment (lib/experiments/ntk/single_example) at tiny sizes: the infinite-width
// quantities against closed forms (linear activation, Lemma 5's ¼, χ ≤ 1/16), the kernel
// prediction of one network against its own training, and the bookkeeping of runs.
#include <doctest/doctest.h>

#include <cmath>

#include "lib/experiments/ntk/single_example.hpp"

using namespace memo;
using namespace memo::ntk;

namespace {

SingleExampleSettings tiny() {
  SingleExampleSettings s;
  s.n0 = 8;
  s.widths = {400};
  s.depths = {2, 4};
  s.radii = {2};
  s.repetitions = 3;
  s.max_epochs = 5000;
  return s;
}

const Json& setting(const ExperimentResult& r, int depth) {
  for (const Json& e : r.measured.at("settings"))
    if (e.at("depth") == depth) return e;
  FAIL("no setting of depth " << depth);
  return r.measured;
}

}  // namespace

TEST_CASE("single example, linear activation: Θ^L = L r²/n0, Σ̇ = 1 and the rms update ‖J∞ − J0‖ = √2") {
  // σ(z) = z: Σ^ℓ(x, x) = r²/n0 at every layer, ∂_xΘ^L(x1, ·) = L x1/n0, so J∞ − J0 = (x1 − f0(x1)) x1ᵀ/r² and
  // E‖x1 − f0(x1)‖² = r² + n0 Σ^L = 2r².
  for (int L : {2, 3, 5})
    for (double r : {0.5, 3.0}) {
      const SingleExampleLimit limit = single_example_limit(parse_activation("linear:1,0"), L, 6, r, 128);
      CHECK(limit.theta == doctest::Approx(L * r * r / 6).epsilon(1e-10));
      CHECK(limit.nngp == doctest::Approx(r * r / 6).epsilon(1e-10));
      CHECK(limit.nngp_dot == doctest::Approx(1).epsilon(1e-10));
      CHECK(limit.update_norm == doctest::Approx(std::sqrt(2.0)).epsilon(1e-8));
    }
}

TEST_CASE("single example, sigmoid: Θ^L(x1, x1) ≥ ¼ (NTK Lemma 5) and Σ̇^L ≤ 1/16 (χ1 of §4.2) at every depth") {
  for (int L = 2; L <= 6; ++L)
    for (double r : {0.1, 1.0, 8.0, 40.0}) {
      const SingleExampleLimit limit = single_example_limit(parse_activation("sigmoid"), L, 32, r, 128);
      CHECK(limit.theta >= 0.25);
      CHECK(limit.nngp >= 0.25);  // Θ^L ≥ Σ^L = E[σ(u)²] ≥ (E σ(u))² = ¼ (u symmetric)
      CHECK(limit.nngp_dot <= 1.0 / 16);
      CHECK(limit.nngp_dot > 0);
    }
  // ReLU: no ∂_xΘ at x = x1, so no prediction
  CHECK(std::isnan(single_example_limit(parse_activation("relu"), 2, 8, 1, 128).update_norm));
}

TEST_CASE("single example, tiny sigmoid runs: trained change of |λ1| follows the kernel and falls with depth") {
  const SingleExampleSettings s = tiny();
  const ExperimentResult r = run_single_example(s, {.seed = 3, .threads = 1});
  const Json &two = setting(r, 2), &four = setting(r, 4);
  CHECK(two.at("converged") == 3);
  CHECK(four.at("converged") == 3);
  // finite-width error O(1/√m): 2/√400 = 0.1
  CHECK(two.at("mean_trained_kernel_gap").get<double>() <= 0.1);
  CHECK(four.at("mean_trained_kernel_gap").get<double>() <= 0.1);
  CHECK(four.at("mean_difference").get<double>() < two.at("mean_difference").get<double>());
  CHECK(four.at("mean_trained_update_norm").get<double>() < two.at("mean_trained_update_norm").get<double>());
  // each network's kernel update has the infinite-width rms size within the spread of 3 draws of ‖x1 − f0(x1)‖
  const double rms = two.at("infinite_width_update_norm").get<double>();
  CHECK(two.at("mean_kernel_update_norm").get<double>() == doctest::Approx(rms).epsilon(0.5));
  CHECK(r.all_agree());
  CHECK(r.rows.rows() == 6);
}

TEST_CASE("single example: runs that miss the loss are counted, not dropped; ReLU gets no kernel; bad names throw") {
  SingleExampleSettings s = tiny();
  s.activations = "relu";
  s.depths = {2};
  s.max_epochs = 2;  // stops every run at the step limit
  const ExperimentResult r = run_single_example(s, {.seed = 1, .threads = 1});
  const Json& e = setting(r, 2);
  CHECK(e.at("converged") == 0);
  CHECK(e.at("step_limit") == 3);
  CHECK(!e.contains("mean_kernel_difference"));
  CHECK(!r.comparison("runs trained").agrees);
  CHECK(activation_list("tanh,linear:0.25,0.5,relu") == std::vector<std::string>{"tanh", "linear:0.25,0.5", "relu"});
  CHECK_THROWS_AS(activation_list("tanh,nope"), Error);
}
