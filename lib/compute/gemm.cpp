#include "lib/compute/gemm.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <dlfcn.h>
#include <fmt/format.h>
#include <mutex>
#include <omp.h>
#include <optional>
#include <string>

#include "lib/compute/gemm_libraries.hpp"
#include "lib/compute/parallel.hpp"

namespace memo {
namespace {

// The parts of OpenBLAS's C interface used here (cblas.h values: column-major 102,
// no-transpose 111, transpose 112). Resolved with dlsym so the build needs no BLAS.
using DgemmFn = void (*)(int order, int trans_a, int trans_b, int m, int n, int k, double alpha,
                         const double* a, int lda, const double* b, int ldb, double beta, double* c,
                         int ldc);
using SetThreadsFn = void (*)(int);
using NameFn = char* (*)();
constexpr int kColMajor = 102, kNoTrans = 111, kTrans = 112;

// Below this many multiply-adds (m·k·n) a product runs on one thread: splitting it costs more
// than it saves. With the split over memo's team (the default) that is about 0.5 µs of work: the
// team's threads are already awake between the products of a training step. OpenBLAS's own threads
// are woken per call, which pays off only for much larger products.
constexpr double kSplitWork = 32 * 1024;
constexpr double kOpenBlasThreadsWork = 2.0 * 1024 * 1024;

struct Backend {
  GemmKernel kernel = GemmKernel::eigen;
  DgemmFn dgemm = nullptr;
  SetThreadsFn set_threads = nullptr;
  int* cpu_number = nullptr;  // OpenBLAS's global thread count for the next call
  int pool = 1;               // OpenBLAS's worker pool size
  bool split = true;  // threads by splitting C over memo's team, else OpenBLAS's own (MEMO_GEMM_THREADS=openblas)
  bool small_tn_limit = false;  // SkylakeX kernels: see rows_per_call
  bool routed = true;  // products go to the library route_product names (MEMO_GEMM=openblas: all to OpenBLAS)
  std::string description = "Eigen";
  void* library = nullptr;  // the dlopen handle, for OpenBLAS's LAPACK routines
};

// OPENBLAS_CORETYPE for this CPU, or "" to leave the choice to OpenBLAS.
const char* core_type_for_this_cpu() {
  // MEMO_CPU_KIND's stand-in avx2_fma gets Haswell kernels too. On the Zen 5 EPYC, OpenBLAS
  // 0.3.21's SkylakeX kernels ran the AM shapes at 73–79 GFLOP/s on one core, its Haswell ones
  // at 24–46 (bench/README.md).
  switch (this_cpu_kind()) {
    case CpuKind::avx512_intel:
    case CpuKind::avx512_amd: return "SkylakeX";
    case CpuKind::avx2_fma: return "Haswell";
    case CpuKind::baseline: return "";
  }
  return "";
}

// Loads OpenBLAS once, with the core type memo picks and one thread: the library reads both
// from the environment while it loads, so they are set just for the dlopen and then restored
// (child processes see the environment as it was). MEMO_OPENBLAS_CORETYPE overrides the
// choice. An OPENBLAS_CORETYPE in the environment is overridden on purpose: this machine's
// image sets Haswell, which halves the rate on a CPU with AVX-512.
Backend load_openblas() {
  Backend b;
  auto saved = [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    return value ? std::optional<std::string>(value) : std::nullopt;
  };
  const auto old_core = saved("OPENBLAS_CORETYPE"), old_threads = saved("OPENBLAS_NUM_THREADS");
  std::string how;
  if (const char* user = std::getenv("MEMO_OPENBLAS_CORETYPE"); user && *user) {
    setenv("OPENBLAS_CORETYPE", user, 1);
    how = fmt::format("MEMO_OPENBLAS_CORETYPE={}", user);
  } else if (const char* chosen = core_type_for_this_cpu(); *chosen) {
    setenv("OPENBLAS_CORETYPE", chosen, 1);
    how = fmt::format("core type {} chosen by memo from the CPU flags", chosen);
  } else {
    unsetenv("OPENBLAS_CORETYPE");
    how = "core type detected by OpenBLAS";
  }
  if (old_core && *old_core != std::getenv("OPENBLAS_CORETYPE") + std::string())
    how += fmt::format(", not the environment's OPENBLAS_CORETYPE={}", *old_core);
  // OpenBLAS's own worker pool (one worker per core) exists only when MEMO_GEMM_THREADS=openblas
  // asks for it: by default products are split over memo's team (lib/team), each part one OpenBLAS
  // call on one thread, so that one set of threads serves the products and the elementwise
  // passes (OpenBLAS's idle workers poll with sched_yield and took a fifth of the AM step's
  // CPU time from the elementwise passes).
  const char* threading = std::getenv("MEMO_GEMM_THREADS");
  const bool openblas_threads = threading && std::string(threading) == "openblas";
  const int pool = openblas_threads ? std::max(1, omp_get_num_procs()) : 1;
  setenv("OPENBLAS_NUM_THREADS", std::to_string(pool).c_str(), 1);
  void* lib = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
  if (!lib) lib = dlopen("libopenblas.so", RTLD_NOW | RTLD_LOCAL);
  auto restore = [](const char* name, const std::optional<std::string>& value) {
    if (value) setenv(name, value->c_str(), 1);
    else unsetenv(name);
  };
  restore("OPENBLAS_CORETYPE", old_core);
  restore("OPENBLAS_NUM_THREADS", old_threads);
  if (!lib) return b;
  auto dgemm = reinterpret_cast<DgemmFn>(dlsym(lib, "cblas_dgemm"));
  auto set_threads = reinterpret_cast<SetThreadsFn>(dlsym(lib, "openblas_set_num_threads"));
  auto corename = reinterpret_cast<NameFn>(dlsym(lib, "openblas_get_corename"));
  auto config = reinterpret_cast<NameFn>(dlsym(lib, "openblas_get_config"));
  if (!dgemm || !set_threads) return b;
  b.kernel = GemmKernel::openblas;
  b.library = lib;
  b.dgemm = dgemm;
  b.set_threads = set_threads;
  // openblas_set_num_threads() re-allocates every thread's buffers (0.3.21), which made a
  // toggled product 3–4× slower; writing the count it sets is enough when the pool
  // already has the threads.
  b.cpu_number = reinterpret_cast<int*>(dlsym(lib, "blas_cpu_number"));
  b.pool = pool;
  if (b.cpu_number) *b.cpu_number = 1;
  else set_threads(1);
  b.split = !openblas_threads;
  const std::string core = corename ? corename() : "";
  b.small_tn_limit = core == "SkylakeX" || core == "Cooperlake";
  const char* wanted = std::getenv("MEMO_GEMM");
  b.routed = b.split && !(wanted && std::string(wanted) == "openblas");
  b.description = fmt::format("OpenBLAS {} ({}; threads: {}; {})", corename ? corename() : "?", how,
                              b.split ? "C split over memo's team of threads"
                                      : "OpenBLAS's own (MEMO_GEMM_THREADS=openblas)",
                              config ? config() : "?");
  if (b.routed)
    b.description += fmt::format("; products routed by shape for {}: {}; {}", cpu_kind_name(this_cpu_kind()),
                                 blis_description(), libxsmm_description());
  else
    b.description += "; every product by OpenBLAS";
  return b;
}

Backend& eigen_backend() {
  static Backend b;
  return b;
}

Backend& openblas_backend() {
  static Backend b = load_openblas();
  return b;
}

}  // namespace

void check_gemm_environment() {
  for (const auto& [name, choices] : {std::pair<const char*, const char*>{"MEMO_GEMM", "eigen or openblas"},
                                      {"MEMO_GEMM_THREADS", "openblas"}}) {
    const char* value = std::getenv(name);
    if (!value || !*value) continue;
    const std::string text = value;
    if (text == "openblas" || (text == "eigen" && std::string(name) == "MEMO_GEMM")) continue;
    throw Error(fmt::format("{}={}: expected {} (or unset)", name, text, choices));
  }
}

namespace {

Backend* active = nullptr;
std::once_flag choose_once;

Backend& backend() {
  std::call_once(choose_once, [] {
    const char* wanted = std::getenv("MEMO_GEMM");
    const bool eigen = wanted && std::string(wanted) == "eigen";
    active = eigen ? &eigen_backend() : &openblas_backend();  // falls back to Eigen itself
  });
  return *active;
}

// The reference path: Eigen's product (it threads large products itself), written as the
// code before the split products wrote it, so this path keeps that code's bits.
template <typename Left, typename Right, typename Out>
void eigen_product(const Left& a, const Right& b, Out& C, double alpha, double beta) {
  if (beta == 0) {
    if (alpha == 1) C.noalias() = a * b;
    else C.noalias() = alpha * a * b;
    return;
  }
  if (beta != 1) C *= beta;
  if (alpha == 1) C.noalias() += a * b;
  else C.noalias() += alpha * a * b;
}

void eigen_gemm(const Mat& A, bool ta, const Mat& B, bool tb, Mat& C, double alpha, double beta) {
  if (!ta && !tb) eigen_product(A, B, C, alpha, beta);
  else if (ta && !tb) eigen_product(A.transpose(), B, C, alpha, beta);
  else if (!ta && tb) eigen_product(A, B.transpose(), C, alpha, beta);
  else eigen_product(A.transpose(), B.transpose(), C, alpha, beta);
}

// One part of C (m × n at c) by Eigen's product on this thread, when route_product names Eigen
// (it never threads: the build defines EIGEN_DONT_PARALLELIZE, so a team thread may call it).
void eigen_part(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda, const double* b,
                int ldb, double beta, double* c, int ldc) {
  using Strided = Eigen::Map<const Mat, 0, Eigen::OuterStride<>>;
  const Strided A(a, ta ? k : m, ta ? m : k, Eigen::OuterStride<>(lda));
  const Strided B(b, tb ? n : k, tb ? k : n, Eigen::OuterStride<>(ldb));
  Eigen::Map<Mat, 0, Eigen::OuterStride<>> C(c, m, n, Eigen::OuterStride<>(ldc));
  if (!ta && !tb) eigen_product(A, B, C, alpha, beta);
  else if (ta && !tb) eigen_product(A.transpose(), B, C, alpha, beta);
  else if (!ta && tb) eigen_product(A, B.transpose(), C, alpha, beta);
  else eigen_product(A.transpose(), B.transpose(), C, alpha, beta);
}

// Rows of C per OpenBLAS call for a product Aᵀ B with a short inner dimension. OpenBLAS
// 0.3.21's SkylakeX small-matrix kernels take a transposed-A product only when m·n ≤ 1200;
// larger ones go through its packing path, which for k ≤ 64 is slow: 1000×32×n took 20 µs
// for n = 20 (14 µs in blocks of 56 rows) and 11 µs for n = 5 (4 µs in blocks of 240 rows)
// on one core. Such products are cut into blocks of rows the small kernels take.
int rows_per_call(const Backend& backend, bool ta, bool tb, int m, int n, int k) {
  if (!backend.small_tn_limit || !ta || tb || k > 64) return m;
  const int rows = 1200 / n / 8 * 8;  // whole register tiles
  return rows >= 8 ? rows : m;
}

// The library for this product: routed_library's choice (MEMO_GEMM=openblas: OpenBLAS).
GemmLibrary library_for(const Backend& backend, int m, int n, int k, bool ta, bool tb) {
  return backend.routed ? routed_library(this_cpu_kind(), m, n, k, ta, tb) : GemmLibrary::openblas;
}

// One block of C (m × n at c, operands at a and b with their leading dimensions) by `library`
// on this thread.
void library_part(const Backend& backend, GemmLibrary library, bool ta, bool tb, int m, int n, int k, double alpha,
                  const double* a, int lda, const double* b, int ldb, double beta, double* c, int ldc) {
  const int ta_code = ta ? kTrans : kNoTrans, tb_code = tb ? kTrans : kNoTrans;
  if (library == GemmLibrary::libxsmm && libxsmm_dgemm_columns(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))
    return;
  if (library == GemmLibrary::blis) {
    blis_dgemm()(kColMajor, ta_code, tb_code, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  if (library == GemmLibrary::eigen) {
    eigen_part(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  // OpenBLAS, in calls of at most rows_per_call rows.
  const int block = rows_per_call(backend, ta, tb, m, n, k);
  for (int first = 0; first < m; first += block)
    backend.dgemm(kColMajor, ta_code, tb_code, std::min(block, m - first), n, k, alpha,
                  a + (ta ? std::ptrdiff_t(first) * lda : first), lda, b, ldb, beta, c + first, ldc);
}

void openblas_gemm(const Backend& backend, const Mat& A, bool ta, const Mat& B, bool tb, Mat& C,
                   double alpha, double beta) {
  const DgemmFn dgemm = backend.dgemm;
  const int m = int(C.rows()), n = int(C.cols()), k = int(ta ? A.rows() : A.cols());
  const int lda = std::max<int>(1, int(A.rows())), ldb = std::max<int>(1, int(B.rows()));
  const int ldc = std::max(1, m);
  const int ta_code = ta ? kTrans : kNoTrans, tb_code = tb ? kTrans : kNoTrans;
  const GemmLibrary library = library_for(backend, m, n, k, ta, tb);
  // One part of C (rows × columns at c, operands at a and b) on this thread.
  auto part = [&](int rows, int columns, const double* a, const double* b, double* c) {
    library_part(backend, library, ta, tb, rows, columns, k, alpha, a, lda, b, ldb, beta, c, ldc);
  };
  // Rows [begin, end) of C; columns [begin, end).
  auto rows = [&](int begin, int end) {
    part(end - begin, n, A.data() + (ta ? std::ptrdiff_t(begin) * lda : begin), B.data(), C.data() + begin);
  };
  auto columns = [&](int begin, int end) {
    part(m, end - begin, A.data(), B.data() + (tb ? begin : std::ptrdiff_t(begin) * ldb),
         C.data() + std::ptrdiff_t(begin) * ldc);
  };
  const double work = double(m) * n * k;
  const double parallel_work = backend.split ? kSplitWork : kOpenBlasThreadsWork;
  const int threads = work < parallel_work ? 1 : pass_threads();
  if (threads == 1) {
    rows(0, m);
    return;
  }
  if (!backend.split) {
    // OpenBLAS's own threads (MEMO_GEMM_THREADS=openblas), only here: no other thread is in
    // gemm() outside a parallel region, and inside one OpenBLAS must stay on one thread. Its
    // idle workers poll with sched_yield, so they wake fast even on a busy machine (measured:
    // on a loaded machine a split over spinning threads lost up to 30× at 256×256×256; OpenBLAS's
    // threads did not; on a quiet one the split is as fast for large products and faster for
    // a small network's, see out/bench.md).
    auto use_threads = [&](int count) {
      if (backend.cpu_number) *backend.cpu_number = std::min(count, backend.pool);
      else backend.set_threads(count);
    };
    use_threads(threads);
    dgemm(kColMajor, ta_code, tb_code, m, n, k, alpha, A.data(), lda, B.data(), ldb, beta, C.data(), ldc);
    use_threads(1);
    return;
  }
  // Split the dimension whose operand is the larger, so that the smaller one is what each
  // thread packs again: rows of C (and of op(A)) when n ≤ m, else columns (and of op(B)).
  // Part edges fall on multiples of 16 rows or 8 columns (whole register tiles). With the
  // SkylakeX kernel an entry's last bit can depend on where C was split (measured:
  // no alignment up to 128 avoids it), so, as with Eigen's threaded products, a product on
  // 2 threads may differ in the last bit from the same product on 1; parallel_runs keeps
  // every run on one thread.
  // parallel_matrix_blocks cuts a matrix the same way, so the elementwise pass after a
  // product finds on each thread the entries that thread computed.
  const bool split_rows = n <= m;
  const int extent = split_rows ? m : n, align = split_rows ? 16 : 8;
  const int parts = std::min(threads, std::max(1, extent / align));
  run_parts(parts, [&](int p) {
    const int begin = int(split_edge(extent, parts, align, p)), end = int(split_edge(extent, parts, align, p + 1));
    if (end <= begin) return;
    if (split_rows) rows(begin, end);
    else columns(begin, end);
  });
}

std::atomic<bool> counting{false};
std::atomic<double> counted_seconds{0}, counted_flops{0};
std::atomic<long> counted_calls{0};

// Runs the product `compute` (m × k times k × n), adding its wall time and FLOPs to the counters
// while counting is on (two clock reads; none when it is off).
template <typename Compute>
void counted(Eigen::Index m, Eigen::Index n, Eigen::Index k, Compute&& compute) {
  if (!counting.load(std::memory_order_relaxed)) {
    compute();
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  compute();
  counted_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  counted_flops += 2.0 * double(m) * double(n) * double(k);
  ++counted_calls;
}

void product(const Mat& A, bool ta, const Mat& B, bool tb, Mat& C, double alpha, double beta) {
  const Backend& b = backend();
  if (b.kernel == GemmKernel::openblas) openblas_gemm(b, A, ta, B, tb, C, alpha, beta);
  else eigen_gemm(A, ta, B, tb, C, alpha, beta);
}

}  // namespace

void gemm(const Mat& A, bool ta, const Mat& B, bool tb, Mat& C, double alpha, double beta) {
  const Eigen::Index m = ta ? A.cols() : A.rows(), k = ta ? A.rows() : A.cols();
  const Eigen::Index kb = tb ? B.cols() : B.rows(), n = tb ? B.rows() : B.cols();
  if (k != kb)
    throw Error(fmt::format("gemm: op(A) is ({}, {}) but op(B) is ({}, {})", m, k, kb, n));
  if (beta == 0) C.resize(m, n);
  else if (C.rows() != m || C.cols() != n)
    throw Error(fmt::format("gemm: C is {} but the product is ({}, {})", shape_string(C), m, n));
  if (m == 0 || n == 0) return;
  if (k == 0) {  // an empty sum
    if (beta == 0) C.setZero();
    else C *= beta;
    return;
  }
  counted(m, n, k, [&] { product(A, ta, B, tb, C, alpha, beta); });
}

void gemm_on_this_thread(ConstBlock A, bool ta, ConstBlock B, bool tb, Block C, double alpha, double beta) {
  const Eigen::Index m = ta ? A.cols : A.rows, k = ta ? A.rows : A.cols;
  const Eigen::Index kb = tb ? B.cols : B.rows, n = tb ? B.rows : B.cols;
  if (k != kb || C.rows != m || C.cols != n)
    throw Error(fmt::format("gemm_on_this_thread: op(A) ({}, {}), op(B) ({}, {}), C ({}, {})", m, k, kb, n, C.rows,
                            C.cols));
  if (m == 0 || n == 0) return;
  Eigen::Map<Mat, 0, Eigen::OuterStride<>> c(C.data, m, n, Eigen::OuterStride<>(C.stride));
  if (k == 0) {  // an empty sum
    if (beta == 0) c.setZero();
    else c *= beta;
    return;
  }
  const Backend& b = backend();
  const int lda = int(std::max<Eigen::Index>(1, A.stride)), ldb = int(std::max<Eigen::Index>(1, B.stride));
  const int ldc = int(std::max<Eigen::Index>(1, C.stride));
  counted(m, n, k, [&] {
    if (b.kernel == GemmKernel::openblas)
      library_part(b, library_for(b, int(m), int(n), int(k), ta, tb), ta, tb, int(m), int(n), int(k), alpha, A.data,
                   lda, B.data, ldb, beta, C.data, ldc);
    else
      eigen_part(ta, tb, int(m), int(n), int(k), alpha, A.data, lda, B.data, ldb, beta, C.data, ldc);
  });
}

void count_gemm(bool on) {
  if (on) {
    counted_seconds = 0;
    counted_flops = 0;
    counted_calls = 0;
  }
  counting = on;
}

GemmCounters gemm_counters() { return {counted_seconds.load(), counted_flops.load(), counted_calls.load()}; }

GemmKernel gemm_kernel() { return backend().kernel; }

void* openblas_symbol(const char* name) {
  const Backend& b = backend();
  return b.kernel == GemmKernel::openblas && b.library ? dlsym(b.library, name) : nullptr;
}

std::string gemm_kernel_description() { return backend().description; }

void set_gemm_kernel(GemmKernel kernel) {
  backend();  // make the first choice now, so it cannot overwrite this one later
  if (kernel == GemmKernel::openblas && openblas_backend().kernel != GemmKernel::openblas)
    throw Error("set_gemm_kernel: OpenBLAS (libopenblas.so.0) could not be loaded");
  active = kernel == GemmKernel::openblas ? &openblas_backend() : &eigen_backend();
}

}  // namespace memo
