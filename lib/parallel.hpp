// Independent runs (seeds, settings) spread over the cores.
//
// Eigen's GEMM blocking depends on its thread count, so a product computed with 2 threads can
// differ in the last bits from the same product with 1. To make every run give the same bits
// whether it runs alone or beside others, runs started here always do their matrix products
// on one thread, and parallelism comes from running several at once.
#pragma once
#include <Eigen/Core>
#include <algorithm>
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

// Calls body(begin, end) on contiguous blocks of [0, size), one block per thread (Eigen's
// thread count; one thread inside a parallel region, e.g. in parallel_runs), or once for the
// whole range when it is too small to be worth splitting. For loops whose entries are
// independent, like elementwise updates: their results do not depend on the thread count.
// Block edges fall on multiples of 8 entries (whole AVX-512 vectors).
template <typename Body>
void parallel_blocks(Eigen::Index size, Body&& body) {
  constexpr Eigen::Index kMinimumBlock = 8192;  // 64 KiB of doubles (~2 µs of a pass): below it, one thread
  const int threads = omp_in_parallel() ? 1 : static_cast<int>(std::min<Eigen::Index>(Eigen::nbThreads(), size / kMinimumBlock));
  if (threads <= 1) {
    body(Eigen::Index(0), size);
    return;
  }
  auto edge = [&](int block) {
    return block == threads ? size : (size * block / threads) / 8 * 8;
  };
#pragma omp parallel num_threads(threads)
  {
    const int block = omp_get_thread_num();
    body(edge(block), edge(block + 1));
  }
}

}  // namespace memo
