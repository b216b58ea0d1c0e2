// ThroughputProbe (lib/compute/throughput_probe.hpp): the team's choice between helpers and
// the caller alone, fed synthetic periods; and the team itself dropping helpers that make
// every task slower.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "lib/compute/team.hpp"
#include "lib/compute/throughput_probe.hpp"

using namespace memo;

namespace {

// Runs `periods` periods of the probe where a period with helpers completes `with` tasks and
// one alone `alone`; returns how many of them used helpers.
int run_periods(ThroughputProbe& probe, int periods, long with, long alone) {
  int used = 0;
  for (int i = 0; i < periods; ++i) {
    const bool helpers = probe.next_uses_helpers();
    used += helpers;
    probe.record(helpers, helpers ? with : alone, 0.01);
  }
  return used;
}

}  // namespace

TEST_CASE("throughput probe: keeps helpers while they pay, probing the caller alone every 25 periods, or 100 when clear") {
  for (const long alone : {1000L, 1900L}) {  // helpers 2× faster (clear), 1.05× (not)
    ThroughputProbe probe;
    const int first_cycle = ThroughputProbe::kEvery + 2 * ThroughputProbe::kLength;  // ends on the decision
    CHECK(run_periods(probe, first_cycle, 2000, alone) == first_cycle - ThroughputProbe::kLength);
    // Then a cycle is kEvery or kEveryWhenClear ordinary periods and a probe of kLength.
    const int every = alone == 1000 ? ThroughputProbe::kEveryWhenClear : ThroughputProbe::kEvery;
    const int cycle = every + ThroughputProbe::kLength, periods = 20 * cycle;
    const int used = run_periods(probe, periods, 2000, alone);
    CAPTURE(alone);
    CHECK_FALSE(probe.alone_faster());
    CHECK(periods - used == 20 * ThroughputProbe::kLength);
  }
}

TEST_CASE("throughput probe: drops helpers after the first probe when alone is faster, and takes them back") {
  ThroughputProbe probe;
  // kEvery − 1 periods with helpers, the probe alone, kLength with helpers again, the decision.
  const int first_cycle = ThroughputProbe::kEvery + 2 * ThroughputProbe::kLength;
  CHECK(run_periods(probe, first_cycle, 1000, 1600) == ThroughputProbe::kEvery - 1 + ThroughputProbe::kLength);
  CHECK(probe.alone_faster());
  // From now on alone, helpers only in their probes (every kEveryWhenClear: 1.6× is clear).
  const int cycle = ThroughputProbe::kEveryWhenClear + ThroughputProbe::kLength;
  CHECK(run_periods(probe, 10 * cycle, 1000, 1600) == 10 * ThroughputProbe::kLength);
  // The machine changes: helpers pay again, and the next probe sees it.
  run_periods(probe, cycle, 3000, 1600);
  CHECK_FALSE(probe.alone_faster());
}

TEST_CASE("throughput probe: a program that moves to larger tasks keeps the helpers that pay in both phases") {
  // Helpers 2× faster throughout, but the first 20 periods run tasks ten times longer than
  // the rest (a wider network first, then a narrower one): tasks per second rise tenfold just
  // before the first probe. Set against the mean over all periods with helpers, the probe alone
  // would look faster; against the periods around it, it does not.
  ThroughputProbe probe;
  const int first_cycle = ThroughputProbe::kEvery + 2 * ThroughputProbe::kLength;  // ends on the decision
  run_periods(probe, 20, 200, 100);
  run_periods(probe, first_cycle - 20, 2000, 1000);
  CHECK_FALSE(probe.alone_faster());
  // And the other way round, small tasks first: still helpers.
  ThroughputProbe reversed;
  run_periods(reversed, 20, 2000, 1000);
  run_periods(reversed, first_cycle - 20, 200, 100);
  CHECK_FALSE(reversed.alone_faster());
}

TEST_CASE("throughput probe: a probe that measures nothing (too few tasks) changes nothing") {
  ThroughputProbe probe;
  const int first_cycle = ThroughputProbe::kEvery + 2 * ThroughputProbe::kLength;  // ends on the decision
  run_periods(probe, first_cycle, 1000, 1600);
  REQUIRE(probe.alone_faster());
  // Periods of a pause (fewer than kMinimumTasks tasks) while helpers are probed.
  run_periods(probe, ThroughputProbe::kEveryWhenClear + ThroughputProbe::kLength, ThroughputProbe::kMinimumTasks - 1, 1600);
  CHECK(probe.alone_faster());
}

TEST_CASE("adaptive team: helpers that make every task slower are dropped") {
  // Part 1 busy-waits 200 µs on a worker and returns at once on the calling thread: every task
  // is faster alone. Nothing else shows it (the worker claims its part at once, so the caller
  // takes nothing back). After the first probe the caller runs nearly every task alone. On a
  // busy machine the team runs them alone anyway.
  set_team_waiting(TeamWaiting::adaptive);  // and starts the probe afresh
  const std::thread::id caller = std::this_thread::get_id();
  auto task = [&](int part) {
    if (part != 1 || std::this_thread::get_id() == caller) return;
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
    while (std::chrono::steady_clock::now() < until) {
    }
  };
  auto run_for = [&](std::chrono::milliseconds length) {
    const auto end = std::chrono::steady_clock::now() + length;
    while (std::chrono::steady_clock::now() < end) run_parts(2, task);
  };
  run_for(std::chrono::milliseconds(500));  // past the first probe (25 periods of 10 ms)
  reset_team_counters();
  run_for(std::chrono::milliseconds(500));
  const TeamCounters counted = team_counters();
  MESSAGE("tasks with helpers ", counted.shared_tasks, ", alone ", counted.caller_only_tasks);
  CHECK(counted.caller_only_tasks > 10 * counted.shared_tasks);
  set_team_waiting(TeamWaiting::adaptive);  // the next test starts afresh
}
