// ntk-radius (NTK Fig. 3) and ntk-linear-region (Fig. E.1) on the sweep runner: a re-run in the
// same folder reads every run from the journal and gives the same result; one thread or two give
// the same bits; a shard writes no summary.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "lib/experiments/ntk/linear_region.hpp"
#include "lib/experiments/ntk/radius.hpp"
#include "tests/scratch.hpp"

using namespace memo;
using namespace memo::ntk;

namespace {

std::string fresh_folder(const std::string& name) {
  const auto path = memo::testing::scratch_root() / name;
  std::filesystem::remove_all(path);
  return path.string();
}

long journal_lines(const std::string& folder) {
  std::ifstream in(folder + "/journal.jsonl");
  long lines = 0;
  for (std::string line; std::getline(in, line);) lines += !line.empty();
  return lines;
}

}  // namespace

TEST_CASE("ntk-radius on the sweep runner: resumes from its journal, same bits on 1 and 2 threads, shards") {
  RadiusSettings s;
  s.n0 = 4, s.points = 2, s.radii = {2, 6}, s.widths = {40, 80}, s.repetitions = 2, s.tol = 1e-5, s.max_epochs = 3000;
  const std::string folder = fresh_folder("memo-test-ntk-radius");
  const ExperimentResult first = run_radius(s, {.seed = 4, .threads = 2, .out = folder});
  CHECK(journal_lines(folder) == 2 * 2 * 2);
  const ExperimentResult again = run_radius(s, {.seed = 4, .threads = 1, .out = folder});
  CHECK(again.measured == first.measured);
  CHECK(run_radius(s, {.seed = 4, .threads = 1}).measured == first.measured);
  CHECK(first.rows.rows() == 2 * 2 * 2 * 2);
  CHECK(run_radius(s, {.seed = 4, .threads = 1, .out = fresh_folder("memo-test-ntk-radius-shard"), .shard = "0/2"})
            .comparisons.empty());
  s.repetitions = 3;  // another sweep: the folder refuses it
  CHECK_THROWS_AS(run_radius(s, {.seed = 4, .threads = 1, .out = folder}), Error);
  std::filesystem::remove_all(folder);
}

TEST_CASE("ntk-linear-region on the sweep runner: n of different sizes share one results.csv, resume gives the same") {
  LinearRegionSettings s;
  s.n0 = 5, s.width = 100, s.sizes = {2, 4}, s.repetitions = 2, s.tol = 1e-4, s.max_epochs = 50000;
  const std::string folder = fresh_folder("memo-test-ntk-linear-region");
  const ExperimentResult first = run_linear_region(s, {.seed = 9, .threads = 2, .out = folder});
  CHECK(journal_lines(folder) == 4);
  CHECK(std::filesystem::exists(folder + "/results.csv"));
  const ExperimentResult again = run_linear_region(s, {.seed = 9, .threads = 1, .out = folder});
  CHECK(again.measured == first.measured);
  CHECK(first.rows.rows() == 2 * (2 + 4));
  std::filesystem::remove_all(folder);
}
