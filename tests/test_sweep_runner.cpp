// The sweep runner in-process: seeds, the journal (torn last lines, doubled runs), the
// settings check, shards, and resuming — counting which runs actually execute.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

#include "lib/io/npy.hpp"
#include "lib/sweep/journal.hpp"
#include "lib/sweep/settings.hpp"
#include "lib/sweep/shard.hpp"
#include "lib/sweep/sweep.hpp"
#include "tests/scratch.hpp"

using namespace memo;
using namespace memo::sweep;

namespace {

std::string fresh_folder(const std::string& name) {
  const auto dir = memo::testing::scratch_root() / name;
  std::filesystem::remove_all(dir);
  return dir.string();
}

long line_count(const std::string& path) {
  const std::string text = read_file(path);
  return static_cast<long>(std::count(text.begin(), text.end(), '\n'));
}

// A sweep whose row is a closed form of its seed and point, so every row can be checked.
Sweep counting_sweep(std::atomic<int>& calls) {
  Sweep s;
  s.name = "counting";
  s.seed = 7;
  s.repetitions = 3;
  s.config = {{"a", 1}, {"list", {1, 2}}};
  for (int width : {10, 20})
    for (double radius : {0.5, 2.0}) s.points.push_back({{"width", width}, {"radius", radius}});
  s.run = [&calls](const Json& point, int repetition, std::uint64_t seed) {
    ++calls;
    Json row = Json::object();
    row["value"] = point["width"].get<int>() * point["radius"].get<double>() + repetition;
    row["seed_low"] = static_cast<long>(seed % 1000003);
    row["nothing"] = std::nan("");
    return row;
  };
  return s;
}

SweepOptions quiet_options(const std::string& out, const std::string& shard = "") {
  SweepOptions options;
  options.out = out;
  options.shard = shard;
  options.progress = false;
  return options;
}

}  // namespace

TEST_CASE("sweep run seeds depend on --seed and the point and the repetition only") {
  const Json a = {{"width", 10}, {"radius", 2.0}};
  const Json b = {{"width", 10}, {"radius", 4.0}};
  CHECK(run_seed(1, a, 0) == run_seed(1, a, 0));
  std::set<std::uint64_t> seeds;
  for (std::uint64_t seed : {0, 1})
    for (const Json* point : {&a, &b})
      for (int r = 0; r < 50; ++r) seeds.insert(run_seed(seed, *point, r));
  CHECK(seeds.size() == 200);
  SweepOptions options;
  options.out = "out/x";
  CHECK(checkpoint_path(options, a, 3).starts_with("out/x/checkpoints/"));
  CHECK(checkpoint_path(options, a, 3) == checkpoint_path(options, a, 3));
  CHECK(checkpoint_path(options, a, 3) != checkpoint_path(options, b, 3));
  CHECK(checkpoint_path(options, a, 3) != checkpoint_path(options, a, 4));
}

TEST_CASE("sweep journal keeps complete lines and cuts a torn last line and refuses a run twice with two rows") {
  const std::string folder = fresh_folder("journal");
  std::filesystem::create_directories(folder);
  const std::string path = folder + "/journal.jsonl";
  const std::string first = journal_line({0, 1}, {{"x", 0.1}, {"s", "a,b"}});
  const std::string second = journal_line({1, 0}, {{"x", 1e300 * 1e10}, {"s", "c"}});
  write_file(path, first + second + "{\"point\":1,\"repetition\":1,\"row\":{\"x\":0.12");  // killed mid-write
  const auto rows = read_journal(path, 2, 2, true);
  REQUIRE(rows.size() == 2);
  CHECK(rows.at(1).at("x").get<double>() == 0.1);
  CHECK(rows.at(1).at("s") == "a,b");
  CHECK(rows.at(2).at("x") == "inf");  // non-finite numbers become text, as they read back
  CHECK(read_file(path) == first + second);

  {
    JournalWriter writer(path);
    CHECK_THROWS_WITH_AS(JournalWriter{path}, doctest::Contains("another sweep is writing"), Error);
  }
  JournalWriter(path).append(first);  // the same row again: harmless
  CHECK(read_journal(path, 2, 2, false).size() == 2);
  JournalWriter(path).append(journal_line({0, 1}, {{"x", 0.2}, {"s", "a,b"}}));
  CHECK_THROWS_WITH_AS(read_journal(path, 2, 2, false), doctest::Contains("twice with different rows"), Error);
  write_file(path, journal_line({2, 0}, {{"x", 1}}));
  CHECK_THROWS_WITH_AS(read_journal(path, 2, 2, false), doctest::Contains("outside this sweep"), Error);
  write_file(path, "not json\n");
  CHECK_THROWS_WITH_AS(read_journal(path, 2, 2, false), doctest::Contains("line 1"), Error);
}

TEST_CASE("sweep settings: first_difference names the first differing key") {
  const Json there = {{"name", "x"}, {"config", {{"radii", {1, 2, 4}}, {"steps", 10}}}};
  Json here = there;
  CHECK(first_difference(there, here).empty());
  here["config"]["radii"][2] = 8;
  CHECK(first_difference(there, here) == "config.radii[2] is 4 there, 8 here");
  here = there;
  here["config"].erase("steps");
  CHECK(first_difference(there, here) == "config.steps is 10 there, absent here");
  here = there;
  here["config"]["radii"].push_back(16);
  CHECK(first_difference(there, here) == "config.radii has 3 entries there, 4 here");
}

TEST_CASE("sweep shards: i/N strides the runs and every run is in exactly one shard") {
  CHECK(parse_shard("").whole());
  const Shard s = parse_shard("2/5");
  CHECK(s.index == 2);
  CHECK(s.count == 5);
  CHECK(s.text() == "2/5");
  for (const char* bad : {"5/5", "-1/2", "1", "a/b", "1/0", "1/2x"})
    CHECK_THROWS_WITH_AS(parse_shard(bad), doctest::Contains("expected i/N"), Error);
  for (long run = 0; run < 40; ++run) {
    int owners = 0;
    for (long i = 0; i < 3; ++i) owners += Shard{i, 3}.owns(run) ? 1 : 0;
    CHECK(owners == 1);
  }
}

TEST_CASE("sweep run_sweep: canonical rows; resumes what is missing; refuses other settings; --fresh starts over") {
  std::atomic<int> calls = 0;
  const Sweep sweep = counting_sweep(calls);
  const std::string folder = fresh_folder("runner");
  SweepOptions options = quiet_options(folder);
  options.threads = 2;
  const std::vector<Json> rows = run_sweep(sweep, options);
  CHECK(calls == 12);
  REQUIRE(rows.size() == 12);
  for (size_t i = 0; i < rows.size(); ++i) {
    const Json& point = sweep.points[i / 3];
    const int repetition = static_cast<int>(i % 3);
    CAPTURE(i);
    CHECK(rows[i]["width"] == point["width"]);
    CHECK(rows[i]["repetition"] == repetition);
    CHECK(rows[i]["value"].get<double>() == point["width"].get<int>() * point["radius"].get<double>() + repetition);
    CHECK(rows[i]["seed_low"].get<long>() == static_cast<long>(run_seed(7, point, repetition) % 1000003));
    CHECK(rows[i]["nothing"] == "nan");
  }
  const std::string csv = read_file(folder + "/results.csv");
  CHECK(csv.substr(0, csv.find('\n')) == "width,radius,repetition,value,seed_low,nothing");
  CHECK(line_count(folder + "/results.csv") == 13);

  // Nothing left to run; then one journal line lost (as if its run was in flight at a kill).
  CHECK(run_sweep(sweep, options) == rows);
  CHECK(calls == 12);
  const std::string journal = read_file(folder + "/journal.jsonl");
  const size_t third = journal.find('\n', journal.find('\n', journal.find('\n') + 1) + 1) + 1;
  write_file(folder + "/journal.jsonl", journal.substr(0, third) + journal.substr(journal.find('\n', third) + 1));
  options.threads = 1;
  CHECK(run_sweep(sweep, options) == rows);
  CHECK(calls == 13);
  CHECK(line_count(folder + "/journal.jsonl") == 12);

  Sweep changed = sweep;
  changed.config["list"][1] = 3;
  CHECK_THROWS_WITH_AS(run_sweep(changed, options), doctest::Contains("config.list[1] is 2 there, 3 here"), Error);
  changed = sweep;
  changed.repetitions = 4;
  CHECK_THROWS_WITH_AS(run_sweep(changed, options), doctest::Contains("repetitions is 3 there, 4 here"), Error);
  options.fresh = true;
  CHECK(run_sweep(changed, options).size() == 16);
  CHECK(calls == 29);
}

TEST_CASE("sweep run_sweep: shards hold their share; merged they give the unsharded files") {
  std::atomic<int> calls = 0;
  const Sweep sweep = counting_sweep(calls);
  const std::string whole = fresh_folder("whole"), merged = fresh_folder("merged");
  run_sweep(sweep, quiet_options(whole));
  std::vector<std::string> shards;
  for (int i = 0; i < 3; ++i) {
    shards.push_back(fresh_folder("shard" + std::to_string(i)));
    CHECK(run_sweep(sweep, quiet_options(shards.back(), std::to_string(i) + "/3")).empty());
    CHECK(line_count(shards.back() + "/journal.jsonl") == 4);
  }
  CHECK(calls == 24);
  CHECK_THROWS_WITH_AS(merge_shards({shards[0], shards[2]}, merged), doctest::Contains("shard 1/3 is missing"), Error);
  CHECK_THROWS_WITH_AS(merge_shards({shards[0], shards[0], shards[1]}, merged), doctest::Contains("both shard 0/3"), Error);
  CHECK(merge_shards({shards[2], shards[0], shards[1]}, merged) == 12);
  CHECK(read_file(merged + "/results.csv") == read_file(whole + "/results.csv"));
  CHECK(read_file(merged + "/sweep.json") == read_file(whole + "/sweep.json"));
  CHECK(run_sweep(sweep, quiet_options(merged)).size() == 12);
  CHECK(calls == 24);  // the merged folder is complete: nothing runs again

  // A shard that did not finish is refused.
  const std::string journal = read_file(shards[1] + "/journal.jsonl");
  write_file(shards[1] + "/journal.jsonl", journal.substr(0, journal.find('\n') + 1));
  CHECK_THROWS_WITH_AS(merge_shards(shards, merged), doctest::Contains("has 1 of its 4 runs"), Error);
}

TEST_CASE("sweep rows: a diverged run's non-finite values come back as numbers through row_number; its wall time is journalled beside the row") {
  const std::string out = fresh_folder("row-number");
  Sweep s;
  s.name = "diverging";
  s.points = {Json::object()};
  s.repetitions = 2;
  s.run = [](const Json&, int repetition, std::uint64_t) {
    const double loss = repetition == 0 ? std::nan("") : -std::numeric_limits<double>::infinity();
    return Json{{"loss", loss}, {"steps", 3}, {"label", "x"}};
  };
  const std::vector<Json> rows = run_sweep(s, {.out = out, .progress = false});
  REQUIRE(rows.size() == 2);
  CHECK(std::isnan(row_number(rows[0], "loss")));
  CHECK(row_number(rows[1], "loss") == -std::numeric_limits<double>::infinity());
  CHECK(row_number(rows[0], "steps") == 3);
  CHECK_THROWS_AS(row_number(rows[0], "label"), Error);
  const std::string journal = read_file(out + "/journal.jsonl");
  const Json first = Json::parse(journal.substr(0, journal.find('\n')));
  CHECK(first.at("seconds").get<double>() >= 0);
  CHECK(first.at("cpu_seconds").get<double>() >= 0);
  CHECK_FALSE(first.at("row").contains("seconds"));
}
