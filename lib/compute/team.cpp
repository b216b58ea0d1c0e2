#include "lib/compute/team.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include <memory>
#include <mutex>
#include <omp.h>
#include <thread>
#include <vector>

namespace memo {
namespace {

// How long an idle worker spins before it sleeps: long enough to span the serial stretches of
// a training step, short enough not to hold a core when memo has stopped handing out work.
constexpr auto kSpinTime = std::chrono::milliseconds(1);

thread_local bool inside_task = false;

// A hint to the core that this thread is spinning (x86 `pause`: lets the memory system and a
// sibling hyperthread get ahead).
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#endif
}

// One mailbox per worker: the caller writes a part into it and bumps its generation
// (release); the worker sees the new generation (acquire), runs the part and counts it done.
// The caller writes a mailbox again only after every part is done, so a worker never reads a
// half-written one, and a worker without a part in a task never sees that task.
struct Mailbox {
  alignas(64) std::atomic<unsigned> generation{0};
  const std::function<void(int)>* task = nullptr;
  int part = 0;
};

struct Team {
  std::vector<std::unique_ptr<Mailbox>> mailboxes;  // one per worker, stable addresses
  std::atomic<int> remaining{0};                    // parts handed out and not yet done
  // Sleeping workers wait on `wake`; `sleepers` lets the caller skip the system call when
  // every worker is spinning.
  std::mutex mutex;
  std::condition_variable wake;
  std::atomic<int> sleepers{0};
  std::atomic<bool> busy{false};  // one task at a time (a second caller runs its parts alone)

  void work(Mailbox& box) {
    inside_task = true;  // a task that calls run_parts runs its parts itself
    unsigned seen = 0;
    for (;;) {
      seen = wait_for_change(box, seen);
      (*box.task)(box.part);
      remaining.fetch_sub(1, std::memory_order_release);
    }
  }

  unsigned wait_for_change(Mailbox& box, unsigned seen) {
    const auto start = std::chrono::steady_clock::now();
    for (int spins = 0;; ++spins) {
      const unsigned now = box.generation.load(std::memory_order_acquire);
      if (now != seen) return now;
      cpu_relax();
      if (spins % 256 == 255 && std::chrono::steady_clock::now() - start > kSpinTime) break;
    }
    // Announce the sleep before the last look at the mailbox (both sequentially consistent,
    // like the caller's bump and its look at `sleepers`): one of the two sees the other.
    sleepers.fetch_add(1);
    std::unique_lock lock(mutex);
    wake.wait(lock, [&] { return box.generation.load() != seen; });
    sleepers.fetch_sub(1);
    return box.generation.load(std::memory_order_acquire);
  }

  void start_workers(int count) {
    while (static_cast<int>(mailboxes.size()) < count) {
      mailboxes.push_back(std::make_unique<Mailbox>());
      std::thread([this, box = mailboxes.back().get()] { work(*box); }).detach();
    }
  }
};

Team& team() {
  static Team* instance = new Team;  // never destroyed: detached workers use it until exit
  return *instance;
}

}  // namespace

void run_parts(int parts, const std::function<void(int part)>& task) {
  Team& t = team();
  bool expected = false;
  if (parts <= 1 || inside_task || omp_in_parallel() ||
      !t.busy.compare_exchange_strong(expected, true, std::memory_order_acquire)) {
    for (int part = 0; part < parts; ++part) task(part);
    return;
  }
  t.start_workers(parts - 1);
  t.remaining.store(parts - 1, std::memory_order_relaxed);
  for (int part = 1; part < parts; ++part) {
    Mailbox& box = *t.mailboxes[part - 1];
    box.task = &task;
    box.part = part;
    box.generation.fetch_add(1);  // publishes task and part (and remaining)
  }
  if (t.sleepers.load() > 0) {
    std::lock_guard lock(t.mutex);
    t.wake.notify_all();
  }
  inside_task = true;
  task(0);
  inside_task = false;
  // The workers' parts take about as long as part 0; yield now and then in case a worker
  // shares this core (more parts than cores).
  for (int spins = 1; t.remaining.load(std::memory_order_acquire) > 0; ++spins) {
    cpu_relax();
    if (spins % 1024 == 0) std::this_thread::yield();
  }
  t.busy.store(false, std::memory_order_release);
}

}  // namespace memo
