// Work spread over the cores, two ways.
//
// parallel_runs: independent runs (seeds, settings) side by side on OpenMP threads. A split
// product can differ in the last bits from the same product on one thread, so to make every
// run give the same bits whether it runs alone or beside others, runs started here do all
// their products and passes on one thread, and parallelism comes from running several at once.
//
// parallel_blocks, parallel_matrix_blocks: one computation's elementwise passes cut into
// blocks for memo's team of threads (lib/team), as gemm() cuts its products.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <exception>
#include <mutex>
#include <omp.h>

#include "lib/compute/team.hpp"

namespace memo {

// Calls run(i) for i = 0 … runs−1 on up to `threads` threads (0: this process's share of the
// cores, core_share()). The first exception thrown by a run is rethrown after all runs
// finished. Called inside a run (or any OpenMP parallel region) it runs its runs one after
// another on the calling thread, which already does all its passes on one thread.
template <typename Run>
void parallel_runs(int runs, int threads, Run&& run) {
  std::exception_ptr error;
  std::mutex mutex;
  auto guarded = [&](int i) {
    try {
      run(i);
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!error) error = std::current_exception();
    }
  };
  if (omp_in_parallel()) {
    for (int i = 0; i < runs; ++i) guarded(i);
  } else {
    const ComputeThreadsScope one_thread_each(1);
    const int count = threads > 0 ? threads : core_share();
#pragma omp parallel for schedule(dynamic, 1) num_threads(count)
    for (int i = 0; i < runs; ++i) guarded(i);
  }
  if (error) std::rethrow_exception(error);
}

// Threads for the passes and products of one computation: compute_threads() (set by
// --threads), at most one per core (a spinning team thread that shares a core makes the others
// wait), and 1 inside an OpenMP parallel region (parallel_runs: each run on one thread).
inline int pass_threads() {
  if (omp_in_parallel()) return 1;
  return std::max(1, std::min(compute_threads(), available_cores()));
}

// The first index of part `part` of [0, extent) cut into `parts` parts whose edges fall on
// multiples of `align` (gemm() splits products with it; parallel_matrix_blocks cuts a matrix the
// same way).
inline Eigen::Index split_edge(Eigen::Index extent, int parts, Eigen::Index align, int part) {
  if (part >= parts) return extent;
  return std::min(extent, (extent * part / parts + align - 1) / align * align);
}

// Below this many entries an elementwise pass runs on one thread (about half a microsecond of
// work: the other thread is awake between the passes and products of a training step).
constexpr Eigen::Index kMinimumBlock = 2048;

// Calls body(begin, end) on contiguous blocks of [0, size), one block per thread (Eigen's
// thread count; one thread inside a parallel region, e.g. in parallel_runs), or once for the
// whole range when it is too small to be worth splitting or the team would run every block on
// the calling thread (team_threads: a busy machine). For loops whose entries are
// independent, like elementwise updates: their results do not depend on the thread count.
// Block edges fall on multiples of 8 entries (whole AVX-512 vectors).
template <typename Body>
void parallel_blocks(Eigen::Index size, Body&& body) {
  const int threads = static_cast<int>(std::min<Eigen::Index>(pass_threads(), size / kMinimumBlock));
  if (threads <= 1 || team_threads(threads) <= 1) {
    body(Eigen::Index(0), size);
    return;
  }
  auto edge = [&](int block) {
    return block == threads ? size : (size * block / threads) / 8 * 8;
  };
  run_parts(threads, [&](int block) { body(edge(block), edge(block + 1)); });
}

// parallel_blocks for the entries of a rows × cols column-major matrix, cut the way gemm() cuts a
// product that writes such a matrix: into blocks of rows (16-row edges) when cols ≤ rows, else
// into blocks of whole columns (8-column edges). An elementwise pass after that product (the
// optimizer's update of a weight after its gradient's product) then finds on each thread the
// entries that thread computed, in its own core's cache. body(begin, end) is called on ranges
// of column-major indices, once per column of a row block.
template <typename Body>
void parallel_matrix_blocks(Eigen::Index rows, Eigen::Index cols, Body&& body) {
  const bool by_rows = cols <= rows;
  const Eigen::Index extent = by_rows ? rows : cols, align = by_rows ? 16 : 8;
  const Eigen::Index size = rows * cols;
  const int threads = static_cast<int>(std::min<Eigen::Index>({pass_threads(), size / kMinimumBlock, extent / align}));
  if (threads <= 1 || team_threads(threads) <= 1) {
    body(Eigen::Index(0), size);
    return;
  }
  run_parts(threads, [&](int part) {
    const Eigen::Index begin = split_edge(extent, threads, align, part);
    const Eigen::Index end = split_edge(extent, threads, align, part + 1);
    if (by_rows) {
      for (Eigen::Index c = 0; c < cols; ++c) body(c * rows + begin, c * rows + end);
    } else {
      body(begin * rows, end * rows);
    }
  });
}

}  // namespace memo
