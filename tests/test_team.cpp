// run_parts (lib/team): every part exactly once, part 0 on the caller; a worker runs a part
// while the caller is busy with its own, the caller runs the parts nobody claimed; serial
// inside its own tasks, inside OpenMP regions and for a second concurrent caller; it still
// completes after the workers have gone to sleep; and training gives the same bits whatever
// the team's waiting policy.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <omp.h>
#include <thread>
#include <vector>

#include "lib/compute/team.hpp"
#include "lib/core/random.hpp"
#include "lib/core/types.hpp"
#include "lib/nn/mlp.hpp"
#include "lib/nn/optimizer.hpp"
#include "lib/nn/train.hpp"

using namespace memo;

namespace {

const TeamWaiting kAllPolicies[] = {TeamWaiting::adaptive, TeamWaiting::spin, TeamWaiting::block,
                                    TeamWaiting::caller_only};

// Sets the team's waiting policy for one scope.
struct WaitingScope {
  TeamWaiting saved = team_waiting();
  explicit WaitingScope(TeamWaiting waiting) { set_team_waiting(waiting); }
  ~WaitingScope() { set_team_waiting(saved); }
};

}  // namespace

TEST_CASE("run_parts runs every part once, part 0 on the calling thread, whatever the policy") {
  for (TeamWaiting policy : kAllPolicies) {
    WaitingScope scope(policy);
    for (int parts : {1, 2, 3, 4, 9}) {
      std::vector<int> runs(parts, 0);
      std::vector<std::thread::id> where(parts);
      run_parts(parts, [&](int part) {
        ++runs[part];
        where[part] = std::this_thread::get_id();
      });
      CAPTURE(int(policy));
      CAPTURE(parts);
      for (int part = 0; part < parts; ++part) CHECK(runs[part] == 1);
      CHECK(where[0] == std::this_thread::get_id());
      if (policy == TeamWaiting::caller_only)
        for (int part = 1; part < parts; ++part) CHECK(where[part] == where[0]);
    }
  }
}

TEST_CASE("run_parts: a worker claims part 1 while the caller is still in part 0") {
  // Part 0 waits until part 1 has started: only a worker can have started it. Spin and block
  // (workers asleep on the futex) both hand it over.
  for (TeamWaiting policy : {TeamWaiting::spin, TeamWaiting::block}) {
    WaitingScope scope(policy);
    std::atomic<bool> part1_started{false};
    bool seen = false;
    std::thread::id part1_thread;
    run_parts(2, [&](int part) {
      if (part == 1) {
        part1_thread = std::this_thread::get_id();
        part1_started = true;
        return;
      }
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (!part1_started && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
      seen = part1_started;
    });
    CAPTURE(int(policy));
    CHECK(seen);
    CHECK(part1_thread != std::this_thread::get_id());
  }
}

TEST_CASE("run_parts: parts the caller took back are counted, and each runs once") {
  // Nine parts on (at most) a few cores: the caller, done with part 0 at once, takes back
  // every part no worker has claimed yet.
  WaitingScope scope(TeamWaiting::spin);
  reset_team_counters();
  const std::thread::id me = std::this_thread::get_id();
  long on_caller = 0, wrong = 0;
  for (int task = 0; task < 500; ++task) {
    std::vector<std::thread::id> where(9);
    std::vector<int> runs(9, 0);
    run_parts(9, [&](int part) {
      ++runs[part];
      where[part] = std::this_thread::get_id();
    });
    for (int part = 0; part < 9; ++part) wrong += runs[part] != 1;
    for (int part = 1; part < 9; ++part) on_caller += where[part] == me;
  }
  CHECK(wrong == 0);
  const TeamCounters counted = team_counters();
  CHECK(counted.shared_tasks == 500);
  CHECK(counted.parts_taken_back == on_caller);
}

TEST_CASE("run_parts: many short tasks in a row each see all their parts finished") {
  // Each task's parts write their own slot; the caller checks them right after run_parts
  // returns, so a part still running (or run twice) would show.
  for (TeamWaiting policy : kAllPolicies) {
    WaitingScope scope(policy);
    std::vector<long> slot(3, 0);
    long wrong = 0;
    for (long task = 1; task <= 5000; ++task) {
      run_parts(3, [&](int part) { slot[part] = task * (part + 1); });
      wrong += slot[0] != task || slot[1] != 2 * task || slot[2] != 3 * task;
    }
    CAPTURE(int(policy));
    CHECK(wrong == 0);
  }
}

TEST_CASE("run_parts wakes workers that went to sleep") {
  WaitingScope scope(TeamWaiting::spin);
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

TEST_CASE("core_share divides the cores among the MPI ranks of a node") {
  const int cores = core_share();
  CHECK(cores >= 1);
  // Read once and kept, it still agrees with libgomp, which asks the kernel every time.
  CHECK(available_cores() == omp_get_num_procs());
  CHECK(cores == available_cores());
  setenv("OMPI_COMM_WORLD_LOCAL_SIZE", "2", 1);
  CHECK(core_share() == std::max(1, cores / 2));
  setenv("OMPI_COMM_WORLD_LOCAL_SIZE", std::to_string(cores + 3).c_str(), 1);
  CHECK(core_share() == 1);
  setenv("OMPI_COMM_WORLD_LOCAL_SIZE", "two", 1);
  CHECK_THROWS_WITH_AS(core_share(), doctest::Contains("OMPI_COMM_WORLD_LOCAL_SIZE=two"), Error);
  unsetenv("OMPI_COMM_WORLD_LOCAL_SIZE");
  setenv("MPI_LOCALNRANKS", "1", 1);
  CHECK(core_share() == cores);
  unsetenv("MPI_LOCALNRANKS");
}

TEST_CASE("training on 2 threads gives the same bits whatever the team's waiting policy") {
  // The NTK regime's shapes (32 → 1000 → 32, n = 20): products and elementwise passes split
  // in two. The parts are the same whichever thread runs them, so every policy — spinning
  // helpers, sleeping ones, the caller taking parts back, the caller alone — gives the bits
  // of every other.
  if (omp_get_num_procs() < 2) return;
  const int saved_threads = compute_threads();
  set_compute_threads(2);
  Rng rng(18);
  Mat X = random_normal(32, 20, rng);
  X.colwise().normalize();
  const Mlp initial = make_mlp({32, 1000, 32}, parse_activation("sigmoid"), Parametrization::ntk, false, rng);
  std::vector<Mat> first_weights, last_weights;
  std::vector<double> losses;
  for (TeamWaiting policy : kAllPolicies) {
    WaitingScope scope(policy);
    Mlp net = initial;
    Optimizer gd(Sgd{.lr = 1}, parameters(net));
    const TrainResult result = train(net, X, X, LossKind::half_sum_over_n, gd,
                                     {.max_epochs = 30, .quiet = true, .keep_history = false});
    losses.push_back(result.final_loss);
    first_weights.push_back(net.layers.front().weight.value);
    last_weights.push_back(net.layers.back().weight.value);
  }
  set_compute_threads(saved_threads);
  CHECK(losses[0] < 0.5);  // it trained
  for (size_t p = 1; p < losses.size(); ++p) {
    CAPTURE(p);
    CHECK(losses[p] == losses[0]);
    CHECK((first_weights[p].array() == first_weights[0].array()).all());
    CHECK((last_weights[p].array() == last_weights[0].array()).all());
  }
}
