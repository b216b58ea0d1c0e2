// mem-mnist-trajectories (MEM Fig. 3) at a tiny size on a synthetic image set: the experiment's
// shares must match its own rows (a start is at a training image exactly when its relative
// distance is below --reach), and bad settings are refused.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <sstream>

#include "lib/core/random.hpp"
#include "lib/experiments/mem/mnist_trajectories.hpp"
#include "tests/tiny_mnist.hpp"

using namespace memo;

namespace {

mem::MnistTrajectoriesSettings tiny() {
  mem::MnistTrajectoriesSettings s = mem::mnist_trajectories_presets().front().second;
  s.images = 3;
  s.starts = 6;
  s.shown = 2;
  s.super_images = 2;
  s.super_depth = 3;
  s.net.depth = 2;
  s.net.width = 32;
  s.net.lr = 1e-3;
  s.net.tol = 1e-7;
  s.net.max_epochs = 4000;
  s.snapshots = {1, 10, 100};
  return s;
}

}  // namespace

TEST_CASE("mem-mnist-trajectories at a tiny size: shares agree with the rows, both networks trained") {
  testing::TinyMnist data("mem-fc-mnist", 12, 5, 5);
  const ExperimentResult r = mem::run_mnist_trajectories(tiny(), {.seed = 1});
  CHECK(r.comparison("networks trained").measured == 2);
  REQUIRE(r.rows.rows() == 12);  // 6 starts in each part
  // results.csv: part, start, nearest_training_to_start, end_training (−1: not at one), distance, steps
  const std::string csv = r.rows.str();
  int a_at = 0, b_at = 0;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::istringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
    REQUIRE(cells.size() == 6);
    const bool at = cells[3] != "-1";
    CHECK(at == (std::stod(cells[4]) < 0.05));
    (cells[0] == "a" ? a_at : b_at) += at;
  }
  CHECK(r.measured.at("a_ended_share").get<double>() == doctest::Approx(a_at / 6.0));
  CHECK(r.measured.at("b_share_after_one_iteration").get<double>() == doctest::Approx(b_at / 6.0));
  CHECK(r.files.size() == 2);
  CHECK(r.figures.size() == 2);
}

TEST_CASE("mem-mnist-trajectories refuses more images than the set has and unordered snapshots") {
  testing::TinyMnist data("mem-fc-mnist", 12, 5, 5);
  mem::MnistTrajectoriesSettings s = tiny();
  s.images = 10;
  CHECK_THROWS_WITH_AS(mem::run_mnist_trajectories(s, {.seed = 1}), doctest::Contains("expected at most 12"), Error);
  s = tiny();
  s.snapshots = {10, 5};
  CHECK_THROWS_WITH_AS(mem::run_mnist_trajectories(s, {.seed = 1}), doctest::Contains("--snapshots"), Error);
}
