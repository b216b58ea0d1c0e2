#include "lib/sweep/mpi_share.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <fmt/format.h>
#include <mpi.h>
#include <mutex>
#include <omp.h>
#include <optional>
#include <thread>

#include "lib/cli/cli.hpp"
#include "lib/compute/team.hpp"
#include "lib/core/types.hpp"

namespace memo::sweep {
namespace {

bool started_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMIX_RANK") || std::getenv("PMI_SIZE");
}

void finalize_at_exit() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

// Messages to rank 0 (tag kToRoot) start with a letter:
//   "H<slots>"          a rank starts with that many free slots; each wants a run
//   "R<index>\n<line>"  a run finished (its slot wants the next one)
//   "E<message>"        a run threw (its slot wants the next one)
// Rank 0 answers every wanted run with one long (tag kToRank): an index, or −1 (slot done).
constexpr int kToRoot = 1, kToRank = 2;

// MPI's blocking calls spin a core, so a messenger polls (MPI_Iprobe) and sleeps in between.
// A poll is not free: at one every 200 µs the two messengers of `mpirun -np 2` took 7–13 % of a
// core each (Open MPI's progress engine visits every transport), and 2 ranks ran a sweep of 32
// runs 1.5× faster than one instead of 2×. So the sleep doubles while nothing arrives, from
// 50 µs up to `longest`, and starts again short after a message.
class PollBackoff {
 public:
  explicit PollBackoff(std::chrono::microseconds longest) : longest_(longest) {}
  void sleep() {
    std::this_thread::sleep_for(pause_);
    pause_ = std::min(pause_ * 2, longest_);
  }
  void reset() { pause_ = kShortest; }

 private:
  static constexpr std::chrono::microseconds kShortest{50};
  std::chrono::microseconds longest_, pause_ = kShortest;
};
// Rank 0 waits for messages that come at any time: at most 2 ms late, 500 polls a second when
// idle (about 1 % of a core). Another rank polls only while it awaits an answer, which rank 0
// sends within about its own poll: so it polls more often, for a short while.
constexpr std::chrono::microseconds kRootLongestPause{2000}, kRankLongestPause{250};

// A queue of run indices shared by the slot threads of one rank.
class RunQueue {
 public:
  void push(long index) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(index);
    }
    ready_.notify_one();
  }
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
  }
  void clear() {
    std::lock_guard lock(mutex_);
    queue_.clear();
  }
  // The next index; waits for one until the queue is closed (then nullopt).
  std::optional<long> pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) return std::nullopt;
    const long index = queue_.front();
    queue_.pop_front();
    return index;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<long> queue_;
  bool closed_ = false;
};

// Runs `slot()` on `threads` OpenMP threads, with memo's products on one thread: as in parallel_runs, each
// run does its products on one thread, so its bits do not depend on how many run beside it.
template <typename Slot>
void run_slots(int threads, Slot&& slot) {
  const int saved = compute_threads();
  set_compute_threads(1);
#pragma omp parallel num_threads(threads)
  slot();
  set_compute_threads(saved);
}

void send_to_root(const std::string& message) {
  MPI_Send(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, kToRoot, MPI_COMM_WORLD);
}

void root(const std::vector<long>& missing, int threads, const std::function<std::string(long)>& run_line,
          const std::function<void(long, const std::string&)>& record) {
  const MpiWorld& world = mpi_world();
  RunQueue queue;
  for (long index : missing) queue.push(index);
  queue.close();  // rank 0's queue only shrinks: a slot finding it empty is done
  std::mutex error_mutex;
  std::string first_error;
  auto fail = [&](const std::string& message) {
    std::lock_guard lock(error_mutex);
    if (first_error.empty()) first_error = message;
    queue.clear();
  };

  std::thread messenger([&] {
    int started = 0;
    long slots = 0, slots_done = 0;
    std::string buffer;
    auto answer = [&](int rank) {
      const std::optional<long> next = queue.pop();
      const long index = next.value_or(-1);
      if (index < 0) ++slots_done;
      MPI_Send(&index, 1, MPI_LONG, rank, kToRank, MPI_COMM_WORLD);
    };
    PollBackoff backoff(kRootLongestPause);
    while (started < world.size - 1 || slots_done < slots) {
      int arrived = 0;
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, kToRoot, MPI_COMM_WORLD, &arrived, &status);
      if (!arrived) {
        backoff.sleep();
        continue;
      }
      backoff.reset();
      int length = 0;
      MPI_Get_count(&status, MPI_CHAR, &length);
      buffer.resize(static_cast<size_t>(length));
      MPI_Recv(buffer.data(), length, MPI_CHAR, status.MPI_SOURCE, kToRoot, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (buffer[0] == 'H') {
        const long count = std::stol(buffer.substr(1));
        ++started;
        slots += count;
        for (long s = 0; s < count; ++s) answer(status.MPI_SOURCE);
        continue;
      }
      if (buffer[0] == 'R') {
        const size_t newline = buffer.find('\n');
        try {
          record(std::stol(buffer.substr(1, newline - 1)), buffer.substr(newline + 1));
        } catch (const std::exception& e) {
          fail(e.what());
        }
      } else {
        fail(buffer.substr(1));
      }
      answer(status.MPI_SOURCE);
    }
  });

  run_slots(threads, [&] {
    while (const std::optional<long> index = queue.pop()) {
      try {
        const std::string line = run_line(*index);
        record(*index, line);
      } catch (const std::exception& e) {
        fail(e.what());
      }
    }
  });
  messenger.join();
  if (!first_error.empty()) throw Error(first_error);
}

void other_rank(int threads, const std::function<std::string(long)>& run_line) {
  RunQueue assigned;
  std::mutex outbox_mutex;
  std::condition_variable posted;
  std::deque<std::string> outbox;
  auto post = [&](std::string message) {
    {
      std::lock_guard lock(outbox_mutex);
      outbox.push_back(std::move(message));
    }
    posted.notify_one();
  };

  // Rank 0 sends only answers, one per message from here, so while every slot is computing
  // (no answer awaited) nothing can arrive: the messenger then sleeps until a slot posts,
  // instead of polling MPI for the whole length of the runs.
  std::thread messenger([&] {
    send_to_root(fmt::format("H{}", threads));
    int slots_done = 0, awaited = threads;
    PollBackoff backoff(kRankLongestPause);
    while (slots_done < threads) {
      std::deque<std::string> sending;
      {
        std::unique_lock lock(outbox_mutex);
        if (awaited == 0) posted.wait(lock, [&] { return !outbox.empty(); });
        sending.swap(outbox);
      }
      for (const std::string& message : sending) send_to_root(message);
      awaited += static_cast<int>(sending.size());
      int arrived = 0;
      MPI_Iprobe(0, kToRank, MPI_COMM_WORLD, &arrived, MPI_STATUS_IGNORE);
      if (arrived) {
        long index = -1;
        MPI_Recv(&index, 1, MPI_LONG, 0, kToRank, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        --awaited;
        if (index < 0) ++slots_done;
        else assigned.push(index);
      }
      if (arrived || !sending.empty()) backoff.reset();
      else if (awaited > 0) backoff.sleep();
    }
    assigned.close();
  });

  run_slots(threads, [&] {
    while (const std::optional<long> index = assigned.pop()) {
      try {
        post(fmt::format("R{}\n{}", *index, run_line(*index)));
      } catch (const std::exception& e) {
        post(std::string("E") + e.what());
      }
    }
  });
  messenger.join();
}

}  // namespace

const MpiWorld& mpi_world() {
  static const MpiWorld world = [] {
    MpiWorld w;
    if (!started_by_mpirun()) return w;
    int provided = 0;
    // The messenger thread makes the MPI calls while the slots compute: one thread at a time.
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
    std::atexit(finalize_at_exit);
    if (provided < MPI_THREAD_SERIALIZED)
      throw Error(fmt::format("this MPI library gives thread level {}, the sweep needs MPI_THREAD_SERIALIZED", provided));
    MPI_Comm_rank(MPI_COMM_WORLD, &w.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &w.size);
    return w;
  }();
  return world;
}

void share_verdict(const std::string& verdict) {
  const MpiWorld& world = mpi_world();
  if (world.size == 1) return;
  int failed = verdict.empty() ? 0 : 1;
  MPI_Bcast(&failed, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (failed && world.rank != 0) std::exit(kExitBadInput);
}

void share_runs(const std::vector<long>& missing, int threads, const std::function<std::string(long)>& run_line,
                const std::function<void(long, const std::string&)>& record) {
  if (mpi_world().rank == 0) root(missing, threads, run_line, record);
  else other_rank(threads, run_line);
}

}  // namespace memo::sweep
