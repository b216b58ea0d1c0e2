// am-large (AM Figs. S2, S3) at a tiny size: the training images are attractors and one
// iteration reconstructs held-out images better than their nearest training image; a
// checkpointed training killed part-way and re-run with the same command ends with the same bits.
//
// Tiny size: 3 images at 7×7, from TinyMnist's random images (make test runs without the real
// data sets). With the paper's cosid at this size only 2 of 3 real digits are attractors (seed 0,
// 10 × 64 or 10 × 128), so the in-process test uses am-images' SELU at depth 20, which stores all
// 3 real digits; am-large's own quick preset (cosid) is checked by its verify claim.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "lib/experiments/am/large.hpp"
#include "tests/scratch.hpp"
#include "tests/tiny_mnist.hpp"
#include "tests/tool_runner.hpp"

using namespace memo;

namespace {

am::LargeSettings tiny() {
  am::LargeSettings s = am::large_presets().front().second;
  s.network.examples = 3;
  s.network.downsample = 4;
  s.network.depth = 20;
  s.network.width = 64;
  s.network.act = "selu";
  s.held_out = 200;
  s.copies = 2;
  return s;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("am-large, 3 digits at 7×7, SELU 20 × 64: all attractors, one iteration beats the nearest training image") {
  testing::TinyMnist data("am-large", 260, 28, 7);  // make test has no real MNIST
  const am::LargeSettings s = tiny();
  const ExperimentResult r = am::run_large(s, {.seed = 0, .threads = 1, .quiet = true});
  REQUIRE(r.measured.at("converged").get<bool>());
  CHECK(r.measured.at("final_loss").get<double>() < s.network.tol);
  // Every training image has a Newton fixed point with ρ(J_f) < 1 (AM Prop. 1).
  CHECK(r.measured.at("newton_failures") == 0);
  // On TinyMnist's random images (make test has no real MNIST) seed 0 stores 2 of the 3 (on
  // real digits: 3 of 3). What must hold either way: an image is an attractor when ρ < 1, so
  // all are exactly when the largest ρ is below 1, and the comparison says all or not.
  const int attractors = r.measured.at("attractors").get<int>();
  CHECK(attractors >= 1);
  CHECK((attractors == 3) == (r.measured.at("largest_spectral_radius").get<double>() < 1));
  CHECK(r.comparison("training images that are attractors").agrees == (attractors == 3));
  CHECK(r.rows.rows() == 3);
  // The error f(x) − x is a fraction of the distance to the nearest of the 3 images, over the 200
  // held-out images spread over the other 257 (real MNIST, seed 0: 0.0394 against 0.0405).
  CHECK(r.measured.at("held_out_images") == 200);
  const double one = r.measured.at("held_out_one_iteration_error").get<double>();
  const double nearest = r.measured.at("held_out_nearest_training_error").get<double>();
  CHECK(one > 0);
  CHECK(one < nearest);
  CHECK(r.comparison("held-out one-iteration error").agrees);
  // Corrupted copies end at their own image or elsewhere, never at a non-attractor.
  CHECK(r.comparison("recovered copies of non-attractors").measured == 0);
  CHECK(r.measured.at("recovery_rate").get<double>() > 0);
  CHECK(r.measured.at("estimated_remaining_epochs").get<double>() == 0);
}

TEST_CASE("am-large: killed after a checkpoint and re-run, the outputs are bit-identical to an uninterrupted run") {
  testing::TinyMnist data("am-large", 260, 28, 7);
  const auto root = memo::testing::scratch_root() / "am-large";
  std::filesystem::remove_all(root);
  const std::string whole = (root / "whole").string(), resumed = (root / "resumed").string();
  // tol 1e-30 (never met): 2500 epochs of about a millisecond, a checkpoint every 6 ms.
  const std::string flags = " --examples 3 --downsample 4 --depth 20 --width 64 --act selu --tol 1e-30 --max-epochs 2500"
                            " --held-out 50 --checkpoint-minutes 0.0001 --quiet --seed 3 --threads 1 --out ";
  REQUIRE(memo::testing::run_tool("am-large" + flags + whole).status == 0);
  const std::string checkpoint = resumed + "/training.checkpoint";
  const pid_t pid = testing::start_command(testing::tool_path("am-large") + flags + resumed);
  CHECK(testing::kill_when(pid, [&] { return std::filesystem::exists(checkpoint); }));
  REQUIRE(std::filesystem::exists(checkpoint));
  CHECK_FALSE(std::filesystem::exists(resumed + "/results.csv"));
  REQUIRE(memo::testing::run_tool("am-large" + flags + resumed).status == 0);
  CHECK_FALSE(std::filesystem::exists(checkpoint));
  for (const char* file : {"/results.csv", "/loss.csv", "/strip.csv"}) {
    CAPTURE(file);
    CHECK(slurp(resumed + file) == slurp(whole + file));
    CHECK(!slurp(whole + file).empty());
  }
  // Another training's checkpoint is refused, not resumed (exit 2).
  const pid_t other = testing::start_command(testing::tool_path("am-large") + flags + resumed);
  CHECK(testing::kill_when(other, [&] { return std::filesystem::exists(checkpoint); }));
  const memo::testing::ToolOutput refused = memo::testing::run_tool("am-large" + flags + resumed + " --width 65");
  CHECK(refused.status == 2);
  std::filesystem::remove_all(root);
}
