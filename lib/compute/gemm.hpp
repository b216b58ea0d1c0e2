// Matrix products for the hot paths (ops, MLP forward, closed-form Jacobians):
//   C = alpha · op(A) · op(B) + beta · C,   op(M) = M or Mᵀ.
//
// Two paths (`make bench` measures both and writes out/bench.md):
// - The fast path: each product goes to the library that route_product
//   (lib/compute/gemm_libraries) names for its shape on this CPU kind — libxsmm's JIT kernels,
//   BLIS, OpenBLAS or Eigen's own product (one thread per part) — a table measured by
//   `make bench` (workload 8), so a product's path,
//   and its bits, depend only on its shape, the CPU kind and the thread count.
//   MEMO_GEMM=openblas sends every product to OpenBLAS. OpenBLAS is loaded at run time, with
//   its core type chosen from the CPU flags: SkylakeX when the CPU and OS support AVX-512,
//   Haswell with AVX2+FMA, OpenBLAS's own detection otherwise (so it stays correct on CPUs
//   without AVX-512). On this VM OpenBLAS's detection and the
//   image's OPENBLAS_CORETYPE=Haswell both give a slower kernel; MEMO_OPENBLAS_CORETYPE
//   overrides memo's choice. Products above about 3·10⁴ multiply-adds, called outside an
//   OpenMP parallel region, are split into row or column blocks of C over the threads of
//   memo's team (lib/team; compute_threads() of them, at most one per core), each block one
//   library call on one thread; everything else, and everything inside a parallel region
//   (parallel_runs, jacobians), runs on one thread. Aᵀ B with a short inner dimension goes
//   in row blocks that OpenBLAS's small-matrix kernels take (see rows_per_call in gemm.cpp).
//   MEMO_GEMM_THREADS=openblas uses OpenBLAS's own threads instead (for products above about
//   2·10⁶ multiply-adds): for comparing single products only — in training its polling
//   workers and the team's threads of the elementwise passes compete (the AM epoch took
//   44 ms instead of 25).
// - Eigen's own product: the reference path, used when OpenBLAS cannot be loaded or
//   MEMO_GEMM=eigen is set.
#pragma once
#include <string>
#include "lib/core/types.hpp"

namespace memo {

enum class GemmKernel { eigen, openblas };

// beta = 0: C is resized to op(A)·op(B)'s shape and overwritten (its old values are ignored).
// beta ≠ 0: C must already have that shape. C must not share storage with A or B.
void gemm(const Mat& A, bool transpose_a, const Mat& B, bool transpose_b, Mat& C, double alpha = 1,
          double beta = 0);

// A column-major block of a matrix: rows × cols entries, column j at data + j·stride.
struct ConstBlock {
  const double* data;
  Eigen::Index rows, cols, stride;
};
struct Block {
  double* data;
  Eigen::Index rows, cols, stride;
  operator ConstBlock() const { return {data, rows, cols, stride}; }
};
inline ConstBlock block_of(const Mat& m) { return {m.data(), m.rows(), m.cols(), m.rows()}; }
inline Block block_of(Mat& m) { return {m.data(), m.rows(), m.cols(), m.rows()}; }

// C = alpha · op(A) · op(B) + beta · C on the calling thread, never split, by the library
// gemm() would use for this shape: for work that already is one of the team's parts (the
// two-layer step, lib/nn/two_layer_step.hpp). beta = 0 ignores C's old values. On a whole
// matrix it gives gemm()'s bits on one thread. Throws Error when the shapes disagree (check
// them before a team task: tasks must not throw).
void gemm_on_this_thread(ConstBlock A, bool transpose_a, ConstBlock B, bool transpose_b, Block C, double alpha,
                         double beta);

// The kernel gemm() uses (chosen once, at the first call), and a description of it, e.g.
// "OpenBLAS 0.3.21 SkylakeX (core type set by memo: AVX-512)".
GemmKernel gemm_kernel();
std::string gemm_kernel_description();
// A routine of the loaded OpenBLAS (e.g. LAPACK's "dgeev_"), or nullptr when products use the
// Eigen path (MEMO_GEMM=eigen, or no OpenBLAS): the whole reference path then stays Eigen's.
void* openblas_symbol(const char* name);
// Overrides the kernel (tests compare the two paths). Throws when OpenBLAS is not available.
void set_gemm_kernel(GemmKernel kernel);
// Throws Error naming a MEMO_GEMM or MEMO_GEMM_THREADS value that is not one of the choices
// above (set_threads calls it, so a misspelt choice fails before any work instead of silently
// running the default path).
void check_gemm_environment();

// The wall time spent in gemm() and the FLOPs (2·m·k·n) it did, counted while counting is on:
// the matrix products' own rate, apart from the elementwise passes around them (`make bench`).
// Counting costs two clock reads per call. Calls made inside parallel regions
// (jacobians, parallel_runs) each add their own wall time.
struct GemmCounters {
  double seconds = 0;
  double flops = 0;
  long calls = 0;
};
void count_gemm(bool on);  // turning it on resets the counters
GemmCounters gemm_counters();

}  // namespace memo
