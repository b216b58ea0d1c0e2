// A team of worker threads for the short parallel passes of a training step.
//
// A small network's step is a dozen passes of a few microseconds each: split products and
// elementwise updates. An OpenMP parallel region costs about 0.5 µs to open and close here,
// two futex system calls every time (libgomp wakes its barrier unconditionally), which was a
// tenth of a width-1000 NTK step. The team's workers instead spin on a counter between
// tasks, so handing out a task costs a few cache-line transfers.
//
// Spinning pays only while every spinner has a core of its own. On a shared machine a
// descheduled worker would hold up every task it was given, so:
// - parts are not handed to particular workers: each is claimed from a shared counter, and
//   the caller, after its own part, runs every part no worker has claimed yet;
// - the team counts the runnable threads of the whole machine (/proc/loadavg) every few
//   milliseconds, and when other processes leave it fewer cores than it has threads it uses
//   fewer helpers (down to none: the caller runs every part) and its workers sleep instead of
//   spinning; so does a team whose caller had to run most of its helpers' parts;
// - waits that last longer than a few microseconds end in a futex sleep, not a spin;
// - helpers that are scheduled but slow are caught by measuring: every 25 sampling periods
//   (100 after a clear result) the team runs three the other way (with helpers or the caller
//   alone) and keeps whichever completed more tasks per second (lib/compute/throughput_probe.hpp).
// Which thread runs which part never changes a result (callers give each part its own
// outputs), so none of this changes a bit: results depend on the number of parts alone.
//
// The team is used only outside OpenMP parallel regions and never from inside its own tasks;
// there run_parts runs every part on the calling thread, so parallel_runs keeps each run on
// one thread.
#pragma once
#include <functional>

namespace memo {

// Calls task(part) for part = 0 … parts−1 and returns when all are done: part 0 on the calling
// thread, the others on the team's workers (created when first needed) or, when no worker
// has claimed them by the time the caller is free, on the calling thread too. The task must
// not throw. Which thread runs which part never changes results: callers give each part its
// own outputs.
void run_parts(int parts, const std::function<void(int part)>& task);

// The threads run_parts(parts, …) would use if called now: 1 when it would run every part on
// the calling thread (inside a task or an OpenMP region, another caller busy, a busy machine,
// caller_only). An elementwise pass, whose entries do not depend on how it is cut, then runs
// as one block: cut in parts for threads that are not there, it only costs time.
int team_threads(int parts);

// The thread count of one computation's products and elementwise passes (--threads, through
// set_threads in lib/cli; until then OpenMP's default). Eigen's own products never start
// threads: the build defines EIGEN_DONT_PARALLELIZE, because Eigen's OpenMP GEMM spins while
// it waits and, beside one other CPU-bound process, made a U-Net's training 4× slower than on
// one thread. Every product that should use the cores goes through gemm() and this team.
void set_compute_threads(int threads);
int compute_threads();

// Sets compute_threads() for as long as it lives, then restores the previous count (also when
// an exception leaves the scope). Use it outside OpenMP regions and from one thread at a time:
// the count is one process-wide setting.
class ComputeThreadsScope {
 public:
  explicit ComputeThreadsScope(int threads) : saved_(compute_threads()) { set_compute_threads(threads); }
  ~ComputeThreadsScope() { set_compute_threads(saved_); }
  ComputeThreadsScope(const ComputeThreadsScope&) = delete;
  ComputeThreadsScope& operator=(const ComputeThreadsScope&) = delete;

 private:
  int saved_;
};

// How the team waits and how many helpers it uses. adaptive (the default): spin while the
// machine has a core for every spinner, otherwise fewer helpers and sleeping waits. The others
// fix one behaviour, for tests and `make bench`: spin (always spin first, never fewer
// helpers), block (never spin: workers and caller sleep at once), caller_only (the caller runs
// every part). MEMO_TEAM_WAIT=adaptive|spin|block|caller_only sets it at start-up.
enum class TeamWaiting { adaptive, spin, block, caller_only };
void set_team_waiting(TeamWaiting waiting);
TeamWaiting team_waiting();

// What the team did since the last reset (the bench reports it): tasks handed out with
// helpers, tasks the caller ran alone because the machine was busy, parts the caller took
// back from its helpers, and the helpers the adaptive policy allows right now.
struct TeamCounters {
  long shared_tasks = 0;
  long caller_only_tasks = 0;
  long parts_taken_back = 0;
  int helpers_allowed = 0;
};
TeamCounters team_counters();
void reset_team_counters();

// The CPUs this process may run on (its affinity mask), at least 1. Read once, on the first call,
// and kept: libgomp's omp_get_num_procs() asks the kernel (sched_getaffinity) every time, and
// pass_threads() runs before every product and elementwise pass (9 system calls per NTK step).
// A mask changed later from outside (taskset -p) is not seen; nothing in memo changes it.
int available_cores();

// This process's share of the cores: the CPUs it may run on (its affinity mask) divided by the
// processes an MPI launcher started on this node (OMPI_COMM_WORLD_LOCAL_SIZE of Open MPI,
// MPI_LOCALNRANKS of MPICH), at least 1. The default thread count (--threads 0). Throws
// memo::Error when one of those variables is set but not a positive integer.
int core_share();

}  // namespace memo
