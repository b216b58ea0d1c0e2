// Independent runs (seeds, settings) spread over the cores.
//
// Eigen's GEMM blocking depends on its thread count, so a product computed with 2 threads can
// differ in the last bits from the same product with 1. To make every run give the same bits
// whether it runs alone or beside others, runs started here always do their matrix products
// on one thread, and parallelism comes from running several at once.
#pragma once
#include <Eigen/Core>
#include <exception>
#include <mutex>
#include <omp.h>

namespace memo {

// Calls run(i) for i = 0 … runs−1 on up to `threads` threads (0: all cores). The first
// exception thrown by a run is rethrown after all runs finished.
template <typename Run>
void parallel_runs(int runs, int threads, Run&& run) {
  const int saved = Eigen::nbThreads();
  Eigen::setNbThreads(1);
  std::exception_ptr error;
  std::mutex mutex;
  const int team = threads > 0 ? threads : omp_get_num_procs();
#pragma omp parallel for schedule(dynamic, 1) num_threads(team)
  for (int i = 0; i < runs; ++i) {
    try {
      run(i);
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!error) error = std::current_exception();
    }
  }
  Eigen::setNbThreads(saved);
  if (error) std::rethrow_exception(error);
}

}  // namespace memo
