// mem-reconstruction (MEM Fig. 11) at a tiny size on a synthetic image set: it trains in
// minibatches (steps = epochs × batches per epoch), its test MSE is the mean of its rows'
// reconstruction errors, its counts are those of its rows, it gives the same bits twice, and
// bad settings are refused.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <unistd.h>

#include "lib/experiments/mem/reconstruction.hpp"
#include "tests/scratch.hpp"
#include "tests/tiny_mnist.hpp"

using namespace memo;

namespace {

mem::ReconstructionSettings tiny() {
  mem::ReconstructionSettings s = mem::reconstruction_presets().front().second;
  s.train_images = 40;
  s.test_images = 20;
  s.starts = 20;
  s.shown = 3;
  s.net.depth = 2;
  s.net.width = 64;
  s.net.lr = 1e-3;
  s.net.batch_size = 8;
  s.net.max_epochs = 30;
  s.snapshots = {1, 10, 100};
  return s;
}

// results.csv read back: column name → its values.
std::map<std::string, std::vector<double>> columns(const CsvTable& table) {
  std::istringstream text(table.str());
  std::string line, cell;
  std::getline(text, line);
  std::vector<std::string> names;
  for (std::istringstream header(line); std::getline(header, cell, ',');) names.push_back(cell);
  std::map<std::string, std::vector<double>> out;
  while (std::getline(text, line)) {
    std::istringstream row(line);
    for (size_t c = 0; std::getline(row, cell, ','); ++c) out[names.at(c)].push_back(std::stod(cell));
  }
  return out;
}

}  // namespace

TEST_CASE("mem-reconstruction at a tiny size: minibatch steps, test MSE and counts agree with its rows") {
  testing::TinyMnist data("mem-reconstruction", 60, 6, 2);
  const mem::ReconstructionSettings s = tiny();
  const ExperimentResult r = mem::run_reconstruction(s, {.seed = 3});
  const Json& m = r.measured;
  CHECK(m.at("epochs").get<long>() == 30);
  CHECK(m.at("steps").get<long>() == 30 * 5);  // 40 images in batches of 8
  REQUIRE(r.rows.rows() == 20);
  auto c = columns(r.rows);

  // Every test image is a start here, so the test MSE is the mean of the per-start errors.
  double mean_error = 0;
  int ended = 0, away = 0;
  for (size_t j = 0; j < 20; ++j) {
    mean_error += c["reconstruction_mse"][j] / 20.0;
    const bool start_at = c["start_distance_relative"][j] < s.reach;
    const bool end_at = c["end_training"][j] >= 0;
    CHECK(end_at == (c["end_distance_relative"][j] < s.reach && c["diverged"][j] == 0));
    away += !start_at;
    ended += end_at && !start_at;
  }
  CHECK(m.at("test_mse").get<double>() == doctest::Approx(mean_error).epsilon(1e-12));
  CHECK(m.at("ended_at_a_training_image").get<int>() == ended);
  CHECK(m.at("starts_at_a_training_image").get<int>() == 20 - away);
  CHECK(r.comparison("test trajectories").measured == ended);
  CHECK(r.comparison("train MSE").measured == m.at("train_mse").get<double>());
  CHECK(m.at("train_mse").get<double>() > 0);

  const ExperimentResult again = mem::run_reconstruction(s, {.seed = 3});
  CHECK(again.measured.at("train_mse").get<double>() == m.at("train_mse").get<double>());
  CHECK(again.measured.at("test_mse").get<double>() == m.at("test_mse").get<double>());
}

TEST_CASE("mem-reconstruction: full batch takes one step per epoch; its checkpoint is gone after training") {
  testing::TinyMnist data("mem-reconstruction-full", 60, 6, 2);
  mem::ReconstructionSettings s = tiny();
  s.net.batch_size = 0;
  s.net.max_epochs = 10;
  const std::string out = (memo::testing::scratch_root() /
                           ("mem-reconstruction-out-" + std::to_string(getpid()))).string();
  const ExperimentResult r = mem::run_reconstruction(s, {.seed = 3, .out = out});
  CHECK(r.measured.at("epochs").get<long>() == 10);
  CHECK(r.measured.at("steps").get<long>() == 10);
  CHECK_FALSE(std::filesystem::exists(out + "/checkpoints/training.checkpoint"));
  std::filesystem::remove_all(out);
}

TEST_CASE("mem-reconstruction: bad settings are refused") {
  testing::TinyMnist data("mem-reconstruction-bad", 60, 6, 2);
  mem::ReconstructionSettings s = tiny();
  s.starts = 21;
  CHECK_THROWS_WITH_AS(mem::run_reconstruction(s, {}), doctest::Contains("--starts 21"), Error);
  s = tiny();
  s.snapshots = {10, 1};
  CHECK_THROWS_WITH_AS(mem::run_reconstruction(s, {}), doctest::Contains("ascending"), Error);
  s = tiny();
  s.train_images = 50;  // 50 + 20 of 60 images
  CHECK_THROWS_AS(mem::run_reconstruction(s, {}), Error);
}
