// run_parts (lib/team): every part exactly once, part 0 on the caller, the others on workers;
// serial inside its own tasks, inside OpenMP regions and for a second concurrent caller; and
// it still completes after the workers have gone to sleep.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <omp.h>
#include <thread>
#include <vector>

#include "lib/compute/team.hpp"

using namespace memo;

TEST_CASE("run_parts runs every part once, part 0 on the calling thread") {
  for (int parts : {1, 2, 3, 4}) {
    std::vector<int> runs(parts, 0);
    std::vector<std::thread::id> where(parts);
    run_parts(parts, [&](int part) {
      ++runs[part];
      where[part] = std::this_thread::get_id();
    });
    CAPTURE(parts);
    for (int part = 0; part < parts; ++part) CHECK(runs[part] == 1);
    CHECK(where[0] == std::this_thread::get_id());
    for (int part = 1; part < parts; ++part) CHECK(where[part] != where[0]);
  }
}

TEST_CASE("run_parts: many short tasks in a row each see all their parts finished") {
  // Each task's parts write their own slot; the caller checks them right after run_parts
  // returns, so a part still running (or run twice) would show.
  std::vector<long> slot(2, 0);
  long wrong = 0;
  for (long task = 1; task <= 20000; ++task) {
    run_parts(2, [&](int part) { slot[part] = task * (part + 1); });
    wrong += slot[0] != task || slot[1] != 2 * task;
  }
  CHECK(wrong == 0);
}

TEST_CASE("run_parts wakes workers that went to sleep") {
  std::atomic<int> done{0};
  run_parts(2, [&](int) { ++done; });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // longer than the workers spin
  run_parts(2, [&](int) { ++done; });
  CHECK(done == 4);
}

TEST_CASE("run_parts runs parts on the calling thread when nested, in OpenMP regions, or busy") {
  // nested: the inner call's parts all run on the thread of the outer part
  std::vector<std::thread::id> inner(4);
  run_parts(2, [&](int outer) {
    run_parts(2, [&](int part) { inner[2 * outer + part] = std::this_thread::get_id(); });
  });
  CHECK(inner[0] == inner[1]);
  CHECK(inner[2] == inner[3]);
  CHECK(inner[0] != inner[2]);
  // inside an OpenMP parallel region
  int on_other_threads = 0;
#pragma omp parallel num_threads(2) reduction(+ : on_other_threads)
  {
    const std::thread::id me = std::this_thread::get_id();
    run_parts(3, [&](int) { on_other_threads += std::this_thread::get_id() != me; });
  }
  CHECK(on_other_threads == 0);
  // two callers at once: both complete, each part once
  std::atomic<int> parts_run{0};
  auto caller = [&] {
    for (int i = 0; i < 2000; ++i) run_parts(2, [&](int) { ++parts_run; });
  };
  std::thread first(caller), second(caller);
  first.join();
  second.join();
  CHECK(parts_run == 2 * 2000 * 2);
}
