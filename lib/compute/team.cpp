#include "lib/compute/team.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include <linux/futex.h>
#include <mutex>
#include <omp.h>
#include <sched.h>
#include <string>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

#include "lib/compute/throughput_probe.hpp"
#include "lib/core/types.hpp"

namespace memo {
namespace {

using Clock = std::chrono::steady_clock;

// How long an idle worker spins before it sleeps: long enough to span the serial stretches of
// a training step, short enough not to hold a core when memo has stopped handing out work.
constexpr auto kWorkerSpin = std::chrono::milliseconds(1);
// How long the caller spins for its helpers' parts before it sleeps: a part of a training
// step takes microseconds; a helper that takes much longer has most likely lost its core, and
// the sleeping caller leaves that core to it.
constexpr auto kCallerSpin = std::chrono::microseconds(50);
// How often the adaptive policy counts the machine's runnable threads (one pread of
// /proc/loadavg, about 2 µs), and over how many counts it takes the smallest, so that a
// process that runs for a moment does not take the team's helpers away.
constexpr auto kSamplePeriod = std::chrono::milliseconds(10);
constexpr int kSamplesKept = 3;
// Periods without helpers after the caller had to take back most of its helpers' parts
// (helpers that are not scheduled though the machine looks free: CPU quotas, a hypervisor
// that runs other guests on these cores).
constexpr int kPenaltyPeriods = 10;

thread_local bool inside_task = false;

// A hint to the core that this thread is spinning (x86 `pause`: lets the memory system and a
// sibling hyperthread get ahead).
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#endif
}

static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t) && std::atomic<uint32_t>::is_always_lock_free,
              "futex words must be plain 32-bit integers");

// Sleeps while `word` holds `expected` (returns at once when it does not, or spuriously).
void futex_wait(std::atomic<uint32_t>& word, uint32_t expected) {
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
}

void futex_wake(std::atomic<uint32_t>& word, int count) {
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAKE_PRIVATE, count, nullptr, nullptr, 0);
}

// The claim word: which task (generation), how many parts it has, the next unclaimed part.
// A part is claimed by one compare-and-swap of the whole word, so a thread that slept
// through a task can never claim a part of the next one with the old one's part count.
constexpr uint64_t claim_word(uint32_t generation, uint32_t parts, uint32_t next) {
  return uint64_t(generation) << 32 | uint64_t(parts) << 16 | next;
}
constexpr uint32_t claim_parts(uint64_t word) { return uint32_t(word >> 16) & 0xffff; }
constexpr uint32_t claim_next(uint64_t word) { return uint32_t(word) & 0xffff; }
constexpr int kMaxParts = 0xffff;

TeamWaiting waiting_from_environment() {
  const char* value = std::getenv("MEMO_TEAM_WAIT");
  if (!value || !*value) return TeamWaiting::adaptive;
  const std::string name = value;
  if (name == "adaptive") return TeamWaiting::adaptive;
  if (name == "spin") return TeamWaiting::spin;
  if (name == "block") return TeamWaiting::block;
  if (name == "caller_only") return TeamWaiting::caller_only;
  throw Error(fmt::format("MEMO_TEAM_WAIT={}: expected adaptive, spin, block or caller_only", name));
}

// Runnable threads on the whole machine right now (the fourth field of /proc/loadavg,
// "running/total"), or −1 when it cannot be read.
int machine_runnable_threads(int fd) {
  if (fd < 0) return -1;
  char text[128];
  const ssize_t size = pread(fd, text, sizeof text - 1, 0);
  if (size <= 0) return -1;
  text[size] = '\0';
  const char* field = text;
  for (int skip = 0; skip < 3; ++skip) {
    field = std::strchr(field, ' ');
    if (!field) return -1;
    ++field;
  }
  return std::atoi(field);
}

struct Team {
  alignas(64) std::atomic<uint64_t> claim{claim_word(0, 0, 0)};
  alignas(64) std::atomic<uint32_t> wake{0};  // bumped for every task with helpers
  alignas(64) std::atomic<uint32_t> done{0};  // parts of the current task finished, part 0 aside
  std::atomic<uint32_t> caller_asleep{0};
  std::atomic<int> sleepers{0};  // workers asleep on `wake`
  std::atomic<int> workers{0};
  std::atomic<bool> busy{false};  // one task at a time (a second caller runs its parts alone)
  std::atomic<TeamWaiting> waiting{waiting_from_environment()};
  std::atomic<bool> adaptive_spin{true};  // whether idle workers spin (adaptive policy)
  const std::function<void(int)>* task = nullptr;
  uint32_t generation = 0;
  std::mutex start_mutex;

  // The adaptive policy's state: touched only by the caller that holds `busy`.
  const int cores = available_cores();
  const int loadavg = open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
  Clock::time_point next_sample{};
  int others_seen[kSamplesKept] = {};
  int samples = 0;
  int penalty = 0;
  long period_parts = 0, period_taken_back = 0;
  std::atomic<int> helpers_allowed{0};  // set by the first sample
  // Whether helpers pay on a machine with a core free for them (lib/compute/throughput_probe):
  // tasks in this period, and how it ran (with helpers, alone by the probe's choice, or alone
  // because the machine was busy: that one measures nothing about helpers).
  enum class PeriodKind { helpers, alone, busy };
  ThroughputProbe probe;
  Clock::time_point period_start{};
  long period_tasks = 0;
  PeriodKind period_kind = PeriodKind::busy;
  std::atomic<bool> forget_probe{false};  // set_team_waiting: start the probe afresh

  std::atomic<long> shared_tasks{0}, caller_only_tasks{0}, parts_taken_back{0};

  bool workers_spin() const {
    switch (waiting.load(std::memory_order_relaxed)) {
      case TeamWaiting::spin: return true;
      case TeamWaiting::adaptive: return adaptive_spin.load(std::memory_order_relaxed);
      default: return false;
    }
  }

  // Claims and runs parts of the current task until none is left; returns how many it ran.
  int run_claimed_parts() {
    int ran = 0;
    uint64_t word = claim.load(std::memory_order_acquire);
    for (;;) {
      const uint32_t parts = claim_parts(word), next = claim_next(word);
      if (next >= parts) return ran;
      if (!claim.compare_exchange_weak(word, word + 1, std::memory_order_acq_rel, std::memory_order_acquire))
        continue;
      // The task cannot change before this part is counted done (the caller waits for it),
      // and the successful claim synchronises with the caller's publication of it.
      (*task)(int(next));
      ++ran;
      if (done.fetch_add(1) + 1 == parts - 1 && caller_asleep.load()) futex_wake(done, 1);
      word = claim.load(std::memory_order_acquire);
    }
  }

  void work() {
    inside_task = true;  // a task that calls run_parts runs its parts itself
    uint32_t seen = wake.load(std::memory_order_acquire);
    for (;;) {
      run_claimed_parts();
      seen = wait_for_task(seen);
    }
  }

  uint32_t wait_for_task(uint32_t seen) {
    if (workers_spin()) {
      const auto start = Clock::now();
      for (int spins = 0;; ++spins) {
        const uint32_t now = wake.load(std::memory_order_acquire);
        if (now != seen) return now;
        cpu_relax();
        if (spins % 256 == 255 && (Clock::now() - start > kWorkerSpin || !workers_spin())) break;
      }
    }
    // Announce the sleep before the last look at `wake` (both sequentially consistent, like
    // the caller's bump and its look at `sleepers`): one of the two sees the other, and the
    // futex itself sleeps only while `wake` still holds `seen`.
    sleepers.fetch_add(1);
    uint32_t now;
    while ((now = wake.load()) == seen) futex_wait(wake, seen);
    sleepers.fetch_sub(1);
    return now;
  }

  void start_workers(int count) {
    std::lock_guard lock(start_mutex);
    while (workers.load() < count) {
      std::thread([this] { work(); }).detach();
      ++workers;
    }
  }

  // Helpers (workers besides the caller) for a task of `parts` parts.
  int helpers_for(int parts) {
    switch (waiting.load(std::memory_order_relaxed)) {
      case TeamWaiting::caller_only: return 0;
      case TeamWaiting::spin:
      case TeamWaiting::block: return parts - 1;
      case TeamWaiting::adaptive: break;
    }
    const auto now = Clock::now();
    if (now >= next_sample) sample(now);
    return std::min(parts - 1, helpers_allowed.load(std::memory_order_relaxed));
  }

  // Cores left to this process = cores − runnable threads that are not its own (the caller and
  // the workers that are not asleep); one helper per free core besides the caller's.
  void sample(Clock::time_point now) {
    next_sample = now + kSamplePeriod;
    record_rate(now);
    const int runnable = machine_runnable_threads(loadavg);
    const int ours = 1 + std::max(0, workers.load() - sleepers.load());
    others_seen[samples++ % kSamplesKept] = runnable < 0 ? 0 : std::max(0, runnable - ours);
    const int others = *std::min_element(others_seen, others_seen + std::min(samples, kSamplesKept));
    int helpers = std::max(0, cores - others - 1);
    if (period_parts >= 16 && 2 * period_taken_back > period_parts) penalty = kPenaltyPeriods;
    period_parts = period_taken_back = 0;
    if (penalty > 0) {
      --penalty;
      helpers = 0;
    }
    PeriodKind kind = helpers > 0 ? PeriodKind::helpers : PeriodKind::busy;
    if (helpers > 0 && !probe_chooses_helpers()) {
      helpers = 0;
      kind = PeriodKind::alone;
    }
    period_kind = kind;
    helpers_allowed.store(helpers, std::memory_order_relaxed);
    adaptive_spin.store(helpers > 0 && helpers >= workers.load(), std::memory_order_relaxed);
  }

  void record_rate(Clock::time_point now) {
    const auto length = now - period_start;
    if (period_kind != PeriodKind::busy && length < 3 * kSamplePeriod)  // not across a pause
      probe.record(period_kind == PeriodKind::helpers, period_tasks, std::chrono::duration<double>(length).count());
    period_start = now;
    period_tasks = 0;
  }

  bool probe_chooses_helpers() {
    if (forget_probe.exchange(false, std::memory_order_relaxed)) probe = ThroughputProbe{};
    return probe.next_uses_helpers();
  }

  void wait_for_helpers(uint32_t target) {
    if (waiting.load(std::memory_order_relaxed) != TeamWaiting::block) {
      const auto start = Clock::now();
      for (int spins = 0; done.load(std::memory_order_acquire) != target; ++spins) {
        cpu_relax();
        if (spins % 64 == 63 && Clock::now() - start > kCallerSpin) break;
      }
    }
    // As in wait_for_task: the flag before the last look at `done`, and the finishing helper's
    // count before its look at the flag.
    caller_asleep.store(1);
    uint32_t now;
    while ((now = done.load()) != target) futex_wait(done, now);
    caller_asleep.store(0);
  }

  void run(int parts, const std::function<void(int)>& fn) {
    const int helpers = helpers_for(parts);
    ++period_tasks;
    if (helpers == 0) {
      caller_only_tasks.fetch_add(1, std::memory_order_relaxed);
      for (int part = 0; part < parts; ++part) fn(part);
      return;
    }
    start_workers(helpers);
    task = &fn;
    done.store(0, std::memory_order_relaxed);
    claim.store(claim_word(++generation, uint32_t(parts), 1), std::memory_order_release);  // part 0: the caller's
    wake.fetch_add(1);
    if (sleepers.load() > 0) futex_wake(wake, helpers);
    inside_task = true;
    fn(0);
    const int taken_back = run_claimed_parts();
    inside_task = false;
    wait_for_helpers(uint32_t(parts - 1));
    shared_tasks.fetch_add(1, std::memory_order_relaxed);
    parts_taken_back.fetch_add(taken_back, std::memory_order_relaxed);
    period_parts += parts - 1;
    period_taken_back += taken_back;
  }
};

Team& team() {
  static Team* instance = new Team;  // never destroyed: detached workers use it until exit
  return *instance;
}

}  // namespace

void run_parts(int parts, const std::function<void(int part)>& task) {
  if (parts <= 1 || parts > kMaxParts || inside_task || omp_in_parallel()) {
    for (int part = 0; part < parts; ++part) task(part);
    return;
  }
  Team& t = team();
  bool expected = false;
  if (!t.busy.compare_exchange_strong(expected, true, std::memory_order_acquire)) {
    for (int part = 0; part < parts; ++part) task(part);
    return;
  }
  t.run(parts, task);
  t.busy.store(false, std::memory_order_release);
}

int team_threads(int parts) {
  if (parts <= 1 || parts > kMaxParts || inside_task || omp_in_parallel()) return 1;
  Team& t = team();
  bool expected = false;
  if (!t.busy.compare_exchange_strong(expected, true, std::memory_order_acquire)) return 1;
  const int helpers = t.helpers_for(parts);
  if (helpers == 0) ++t.period_tasks;  // the pass runs as one block, without run_parts: count it here
  t.busy.store(false, std::memory_order_release);
  return 1 + helpers;
}

void set_team_waiting(TeamWaiting waiting) {
  team().waiting.store(waiting);  // spinning workers see it within their spin
  team().forget_probe.store(true, std::memory_order_relaxed);
}

TeamWaiting team_waiting() { return team().waiting.load(); }

TeamCounters team_counters() {
  const Team& t = team();
  return {t.shared_tasks.load(), t.caller_only_tasks.load(), t.parts_taken_back.load(), t.helpers_allowed.load()};
}

void reset_team_counters() {
  Team& t = team();
  t.shared_tasks = 0;
  t.caller_only_tasks = 0;
  t.parts_taken_back = 0;
}

int available_cores() {
  static const int cores = [] {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
    return std::max(1, omp_get_num_procs());
  }();
  return cores;
}

int core_share() {
  int cores = available_cores();
  for (const char* name : {"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS"}) {
    const char* value = std::getenv(name);
    if (!value) continue;
    char* end = nullptr;
    const long ranks = std::strtol(value, &end, 10);
    if (end == value || *end != '\0' || ranks < 1)
      throw Error(fmt::format("{}={}: expected a positive number of processes on this node", name, value));
    return ranks >= cores ? 1 : cores / int(ranks);
  }
  return cores;
}

namespace {
std::atomic<int> chosen_threads{0};  // 0: not set yet
}  // namespace

void set_compute_threads(int threads) { chosen_threads = std::max(1, threads); }

int compute_threads() {
  const int chosen = chosen_threads.load(std::memory_order_relaxed);
  return chosen > 0 ? chosen : omp_get_max_threads();
}

}  // namespace memo
