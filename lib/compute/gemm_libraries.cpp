#include "lib/compute/gemm_libraries.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <fmt/format.h>
#include <fstream>
#include <mutex>
#include <vector>

#ifndef MEMO_HAVE_LIBXSMM
#define MEMO_HAVE_LIBXSMM 0
#endif
#if MEMO_HAVE_LIBXSMM
#include <libxsmm.h>
#endif

namespace memo {

const char* gemm_library_name(GemmLibrary library) {
  switch (library) {
    case GemmLibrary::eigen: return "eigen";
    case GemmLibrary::openblas: return "openblas";
    case GemmLibrary::blis: return "blis";
    case GemmLibrary::libxsmm: return "libxsmm";
  }
  return "?";
}

namespace {
bool has_avx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
}
bool has_avx2_fma() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }

CpuKind hardware_cpu_kind() {
  __builtin_cpu_init();
  if (has_avx512()) return __builtin_cpu_is("amd") ? CpuKind::avx512_amd : CpuKind::avx512_intel;
  if (has_avx2_fma()) return CpuKind::avx2_fma;
  return CpuKind::baseline;
}

// Whether this CPU has the instructions of `kind`, so it can stand in for it.
bool can_stand_in_for(CpuKind kind) {
  switch (kind) {
    case CpuKind::avx512_intel:
    case CpuKind::avx512_amd: return has_avx512();
    case CpuKind::avx2_fma: return has_avx2_fma();
    case CpuKind::baseline: return true;
  }
  return false;
}

// MEMO_CPU_KIND=<kind>: the kind a measurement stands in for (see the header). An unknown
// kind, or one whose instructions this CPU lacks, is refused, once, on standard error.
CpuKind chosen_cpu_kind() {
  const CpuKind hardware = hardware_cpu_kind();
  const char* asked = std::getenv("MEMO_CPU_KIND");
  if (!asked || !*asked) return hardware;
  for (const CpuKind kind : {CpuKind::avx512_intel, CpuKind::avx512_amd, CpuKind::avx2_fma, CpuKind::baseline})
    if (asked == std::string(cpu_kind_name(kind)) && can_stand_in_for(kind)) return kind;
  fmt::print(stderr,
             "memo: MEMO_CPU_KIND={} ignored: this CPU is {}; it can stand in for the kinds among avx512_intel, "
             "avx512_amd, avx2_fma and baseline whose instructions it has\n",
             asked, cpu_kind_name(hardware));
  return hardware;
}
}  // namespace

CpuKind this_cpu_kind() {
  static const CpuKind kind = chosen_cpu_kind();
  return kind;
}

bool cpu_kind_is_stand_in() {
  static const bool stand_in = this_cpu_kind() != hardware_cpu_kind();
  return stand_in;
}

const char* cpu_kind_name(CpuKind kind) {
  switch (kind) {
    case CpuKind::avx512_intel: return "avx512_intel";
    case CpuKind::avx512_amd: return "avx512_amd";
    case CpuKind::avx2_fma: return "avx2_fma";
    case CpuKind::baseline: return "baseline";
  }
  return "?";
}

std::string cpu_description() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line, model = "unknown CPU";
  while (std::getline(cpuinfo, line))
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  if (cpu_kind_is_stand_in())
    return fmt::format("{} ({} hardware standing in for {}: MEMO_CPU_KIND)", model, cpu_kind_name(hardware_cpu_kind()),
                       cpu_kind_name(this_cpu_kind()));
  return fmt::format("{} ({})", model, cpu_kind_name(this_cpu_kind()));
}

namespace {

struct Blis {
  CblasDgemm dgemm = nullptr;
  bool generic = false;  // the reference sub-configuration: BLIS did not recognise this CPU
  std::string description = "not installed (Debian package libblis4-serial)";
};

// The serial build, so BLIS starts no threads of its own. RTLD_LOCAL keeps its BLAS symbols
// (dgemm_, cblas_dgemm) from being seen in place of OpenBLAS's.
const Blis& blis() {
  static const Blis loaded = [] {
    Blis b;
    void* lib = dlopen("/usr/lib/x86_64-linux-gnu/blis-serial/libblis.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!lib) lib = dlopen("libblis.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!lib) return b;
    b.dgemm = reinterpret_cast<CblasDgemm>(dlsym(lib, "cblas_dgemm"));
    if (!b.dgemm) return b;
    using Text = const char* (*)();
    using ArchId = int (*)();
    using ArchName = const char* (*)(int);
    auto version = reinterpret_cast<Text>(dlsym(lib, "bli_info_get_version_str"));
    auto arch_id = reinterpret_cast<ArchId>(dlsym(lib, "bli_arch_query_id"));
    auto arch_name = reinterpret_cast<ArchName>(dlsym(lib, "bli_arch_string"));
    const std::string configuration = arch_id && arch_name ? arch_name(arch_id()) : "?";
    b.generic = configuration == "generic";
    b.description = fmt::format("BLIS {} (serial; sub-configuration {})", version ? version() : "?", configuration);
    return b;
  }();
  return loaded;
}

}  // namespace

CblasDgemm blis_dgemm() { return blis().dgemm; }
bool blis_is_generic() { return blis().generic; }
std::string blis_description() { return blis().description; }

#if MEMO_HAVE_LIBXSMM
namespace {
// An operand (m·k or k·n entries) small enough to scale by alpha in a copy: at most m·n/4.
bool has_small_operand(int m, int n, int k) { return double(k) * std::min(m, n) <= 0.25 * double(m) * n; }
// C (m·n entries) no larger than either operand: cheaper to scale after the product.
bool has_small_result(int m, int n, int k) { return double(m) * n <= double(k) * std::min(m, n); }

void initialise_libxsmm() {
  static std::once_flag initialised;
  std::call_once(initialised, [] {
    libxsmm_init();
    // A stand-in for avx2_fma gets AVX2 code on AVX-512 hardware.
    if (cpu_kind_is_stand_in() && this_cpu_kind() == CpuKind::avx2_fma) libxsmm_set_target_arch("hsw");
  });
}

libxsmm_dmmfunction libxsmm_kernel(bool ta, bool tb, int m, int n, int k, int lda, int ldb, int ldc, double beta) {
  if (beta != 0 && beta != 1) return nullptr;
  initialise_libxsmm();
  const double one = 1;
  const int flags = (ta ? LIBXSMM_GEMM_FLAG_TRANS_A : 0) | (tb ? LIBXSMM_GEMM_FLAG_TRANS_B : 0) |
                    (beta == 0 ? LIBXSMM_GEMM_FLAG_BETA_0 : 0);
  const libxsmm_blasint lda_ = lda, ldb_ = ldb, ldc_ = ldc;
  return libxsmm_dmmdispatch(m, n, k, &lda_, &ldb_, &ldc_, &one, &beta, &flags, nullptr);
}
}  // namespace

bool libxsmm_can_compute(int m, int n, int k, bool ta, bool tb, double alpha, double beta) {
  if (alpha != 1 && !has_small_operand(m, n, k) && !has_small_result(m, n, k)) return false;
  return libxsmm_kernel(ta, tb, m, n, k, ta ? k : m, tb ? n : k, m, beta) != nullptr;
}

namespace {
// C = alpha·T (+ C when beta = 1) with T = op(A) op(B) computed into a buffer: for a C smaller
// than either operand.
bool product_then_scaled(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
                         const double* b, int ldb, double beta, double* c, int ldc) {
  const libxsmm_dmmfunction kernel = libxsmm_kernel(ta, tb, m, n, k, lda, ldb, m, 0.0);
  if (!kernel) return false;
  thread_local std::vector<double> product;
  product.resize(size_t(m) * n);
  kernel(a, b, product.data());
  for (int j = 0; j < n; ++j) {
    double* column = c + std::ptrdiff_t(j) * ldc;
    const double* term = product.data() + size_t(j) * m;
    if (beta == 0)
      for (int i = 0; i < m; ++i) column[i] = alpha * term[i];
    else
      for (int i = 0; i < m; ++i) column[i] += alpha * term[i];
  }
  return true;
}

// The product with alpha folded into a copy of the smaller operand.
bool product_of_scaled_operand(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
                               const double* b, int ldb, double beta, double* c, int ldc) {
  const int a_rows = ta ? k : m, a_cols = ta ? m : k, b_rows = tb ? n : k, b_cols = tb ? k : n;
  const double a_size = double(a_rows) * a_cols, b_size = double(b_rows) * b_cols;
  const bool scale_a = a_size <= b_size;
  const int rows = scale_a ? a_rows : b_rows, cols = scale_a ? a_cols : b_cols, ld = scale_a ? lda : ldb;
  const double* source = scale_a ? a : b;
  thread_local std::vector<double> scaled;
  scaled.resize(size_t(rows) * cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) scaled[size_t(j) * rows + i] = alpha * source[std::ptrdiff_t(j) * ld + i];
  const libxsmm_dmmfunction kernel =
      libxsmm_kernel(ta, tb, m, n, k, scale_a ? rows : lda, scale_a ? ldb : rows, ldc, beta);
  if (!kernel) return false;
  kernel(scale_a ? scaled.data() : a, scale_a ? b : scaled.data(), c);
  return true;
}
}  // namespace

bool libxsmm_dgemm_columns(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
                           const double* b, int ldb, double beta, double* c, int ldc) {
  if (alpha == 1) {
    const libxsmm_dmmfunction kernel = libxsmm_kernel(ta, tb, m, n, k, lda, ldb, ldc, beta);
    if (!kernel) return false;
    kernel(a, b, c);
    return true;
  }
  // The generator takes alpha = 1 only. Scaling C afterwards cost more than the kernel saved
  // (a second pass over a 1000 × 32 gradient), so alpha scales a copy of the smaller operand:
  // the NTK parametrisation's 1/√width falls on δ (32 × n) or X (32 × n), not on C. Where C
  // is the smallest of the three (the NTK forward W2·H, 32 × 1000 × n: C is 32 × n), the
  // product goes to a buffer and C takes alpha times it: declined, that product fell back to
  // OpenBLAS, 26 against libxsmm's 13 µs at n = 5 on a Zen 3 core. With neither, declined.
  if (beta != 0 && beta != 1) return false;
  if (has_small_operand(m, n, k)) return product_of_scaled_operand(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  if (has_small_result(m, n, k)) return product_then_scaled(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  return false;
}

std::string libxsmm_description() {
  initialise_libxsmm();
  return fmt::format("libxsmm {} (JIT for {})", LIBXSMM_VERSION, libxsmm_get_target_arch());
}
#else
bool libxsmm_can_compute(int, int, int, bool, bool, double, double) { return false; }
bool libxsmm_dgemm_columns(bool, bool, int, int, int, double, const double*, int, const double*, int, double,
                           double*, int) {
  return false;
}
std::string libxsmm_description() { return "not built in (Debian package libxsmm-dev)"; }
#endif

}  // namespace memo

namespace memo {

namespace {

// Intel Xeon with AVX-512 (KVM), one core, CPU time, medians of interleaved repetitions.
GemmLibrary route_avx512_intel(int m, int n, int k, bool transpose_a, bool transpose_b) {
  // Aᵀ·B: OpenBLAS where gemm() cuts it into the row blocks its small-matrix kernels take
  // (k ≤ 64, n ≤ 150: 8.4 against BLIS's 8.1–8.9 and Eigen's 14.2 µs at 1000×32×5); elsewhere
  // Eigen, 6–14 % ahead in four runs: 788–809 against OpenBLAS's 834–874 µs at 512×512×100
  // (the AM network's backward pass), 1166–1270 against 1277–1341 at 512×784×100, 1221–1449
  // against 1327–1461 at a conv layer's 144×16×10240.
  if (transpose_a) return k <= 64 && n <= 150 ? GemmLibrary::openblas : GemmLibrary::eigen;
  // A·Bᵀ with a short inner dimension (a weight gradient δ·Hᵀ, k = the batch): libxsmm, e.g.
  // 834 against 1090 µs at 512×100×784 and 144 against 329 µs at 32×20×10⁴, but not with a
  // handful of terms (5.8 against 5.0 µs at 1000×5×32); with a long one (a conv weight
  // gradient, k = pixels) BLIS, 1030 against 1420 µs at 16×10240×144.
  if (transpose_b) {
    if (k <= 8) return GemmLibrary::openblas;
    return k <= 128 ? GemmLibrary::libxsmm : GemmLibrary::blis;
  }
  // A·B with one short side: libxsmm while A is small (3.8 against 4.5 µs at 1000×32×5, 582
  // against 1150 µs for a conv layer's 16×144×10240), BLIS when A is large (255 against
  // 270 µs at 10⁴×32×20, 295 against 349 at 32×10⁴×20); OpenBLAS for the AM network's
  // square-ish products (libxsmm took 1940 against 1170 µs at 512×784×100).
  if (std::min(m, n) <= 32) return m <= 1024 && k <= 1024 ? GemmLibrary::libxsmm : GemmLibrary::blis;
  return GemmLibrary::openblas;
}

// The avx2_fma kind, measured on a 2-core AMD EPYC of family 25, model 1 (Zen 3, KVM): one
// core, thread CPU time, medians of 15 interleaved repetitions, three runs (ranges below). BLIS
// runs its zen3 sub-configuration, libxsmm its AVX2 code, OpenBLAS its Haswell kernels; Eigen
// (compiled for AVX2 here) was never fastest. The stand-in measurement (an AVX-512 Xeon with
// MEMO_CPU_KIND=avx2_fma) had put BLIS on the AM network's products; on the Zen 3 core BLIS
// took twice OpenBLAS's time there, so the row follows the real CPU.
GemmLibrary route_avx2_fma(int m, int n, int k, bool transpose_a, bool transpose_b) {
  // Aᵀ·B with a short side or a short k: BLIS, 16.9–23.6 against OpenBLAS's 28.1–39.4 µs at
  // 1000×32×5, 3959–4284 against 5550–5700 at a conv layer's 144×16×10240; otherwise
  // OpenBLAS, 1739–1936 against BLIS's 2883–3116 at the AM network's 512×512×100 (and a near
  // tie at 512×784×100, 2823–3115 against 2922–3168).
  if (transpose_a) return k <= 32 || std::min(m, n) <= 32 ? GemmLibrary::blis : GemmLibrary::openblas;
  // A·Bᵀ: a long inner dimension (a conv weight gradient) BLIS, 2678–3074 against OpenBLAS's
  // 3815–5244 and libxsmm's 4981–5479 µs at 16×10240×144, and a tall C too (a tie: BLIS
  // 440–682 against libxsmm's 465–689 at 10⁴×20×32); a short inner dimension or a short side
  // libxsmm, 11.0–11.2 against BLIS's 17.3–18.3 at 32×5×1000, 366–408 against 418–473 at
  // 32×20×10⁴; OpenBLAS for the AM network's gradients, 1719–1821 against BLIS's 3449–3615 and
  // libxsmm's 4372–4656 at 512×100×512.
  if (transpose_b) {
    if (k > 128 || m > 1024) return GemmLibrary::blis;
    return k <= 32 || std::min(m, n) <= 32 ? GemmLibrary::libxsmm : GemmLibrary::openblas;
  }
  // A·B with a side of at most 16 and a small A: libxsmm, 12.7–13.9 against BLIS's 13.4–14.5
  // µs at 32×1000×5 (a tie at 1000×32×5), 3554–3837 against 3664–4134 at a conv layer's
  // 16×144×10240. With a side of 17 to 32, or a large A, BLIS: 42.1–44.7 against libxsmm's
  // 44.6–47.5 at 1000×32×20, 42.9–45.0 against 48.2–52.2 at 32×1000×20, 339–518 against
  // 489–703 at 10⁴×32×20. Longer sides OpenBLAS: 2620–2928 against BLIS's 5521–5902 at the AM
  // network's 512×784×100, 11668–12780 against 12292–13592 at 512×512×784.
  if (std::min(m, n) <= 32)
    return std::min(m, n) <= 16 && m <= 1024 && k <= 1024 ? GemmLibrary::libxsmm : GemmLibrary::blis;
  return GemmLibrary::openblas;
}

// AMD with AVX-512, measured on a 2-core EPYC of family 26 (Zen 5, KVM): one core, thread CPU
// time, medians of 15 interleaved repetitions, three runs (ranges below). OpenBLAS runs its
// SkylakeX kernels (73–79 GFLOP/s on the AM shapes against its Haswell kernels' 24–46). BLIS
// is never chosen: Debian's 0.9.0 runs its generic kernels on this family, 5–10× slower than
// the others on every product (58–60 against 3.3 µs at 1000×32×5, 5986–6124 against 1082–1196
// at 512×784×100). The row holds on Zen 4 too (a family-25 EPYC, model 17; bench/README.md,
// "Zen 4"): there libxsmm led OpenBLAS by 6–9 % on the AM network's forward products measured
// alone, but routed to it the AM epoch took 49.3 against 47.8 ms on one core.
GemmLibrary route_avx512_amd(int m, int n, bool transpose_a, bool transpose_b) {
  // Aᵀ·B: OpenBLAS (in gemm()'s row blocks where k and n are short, as on Intel): 7.2–7.8
  // against Eigen's 15.5–16.4 µs at 1000×32×5; 729–763 against 919–973 at 512×512×100,
  // 1073–1100 against 1534–1556 at 512×784×100 and 905–1096 against 1700–3274 at a conv layer's
  // 144×16×10240, where the Intel row takes Eigen.
  if (transpose_a) return GemmLibrary::openblas;
  // A·Bᵀ: libxsmm from a handful of terms to a conv layer's 10240: 4.1–4.3 against OpenBLAS's
  // 4.3–4.5 µs at 32×5×1000, 586–626 against 666–680 at the AM network's 512×100×512, 141–151
  // against 290–304 at 32×20×10⁴, 652–702 against 2171–2450 at 16×10240×144. OpenBLAS was
  // ahead at one shape, 1000×20×32 (12.7–13.1 against 13.8–14.3 µs), not split out here.
  if (transpose_b) return GemmLibrary::libxsmm;
  // A·B with a short side: libxsmm whatever A's size (3.0 against 4.2 µs at 32×1000×5, 209–214
  // against 227–252 at 10⁴×32×20, 152–177 against 278–440 at 32×10⁴×20, 686–1205 against
  // 1435–2075 at the conv forward 16×144×10240; a tie at width 1000, n = 20). Square-ish:
  // OpenBLAS (1082–1196 against libxsmm's 1128–1421 µs at 512×784×100; libxsmm led at
  // 784×512×100, 963–992 against 1062–1090, and the lead swapped between runs at 512×512×100
  // and the Jacobian's 512×512×784).
  return std::min(m, n) <= 32 ? GemmLibrary::libxsmm : GemmLibrary::openblas;
}

}  // namespace

GemmLibrary route_product(CpuKind kind, int m, int n, int k, bool transpose_a, bool transpose_b) {
  switch (kind) {
    case CpuKind::avx512_intel: return route_avx512_intel(m, n, k, transpose_a, transpose_b);
    case CpuKind::avx512_amd: return route_avx512_amd(m, n, transpose_a, transpose_b);
    case CpuKind::avx2_fma: return route_avx2_fma(m, n, k, transpose_a, transpose_b);
    case CpuKind::baseline: return GemmLibrary::openblas;
  }
  return GemmLibrary::openblas;
}

GemmLibrary routed_library(CpuKind kind, int m, int n, int k, bool transpose_a, bool transpose_b) {
  const GemmLibrary library = route_product(kind, m, n, k, transpose_a, transpose_b);
  // A generic BLIS (one that did not recognise the CPU) runs reference kernels: never faster.
  return library == GemmLibrary::blis && (!blis_dgemm() || blis_is_generic()) ? GemmLibrary::openblas : library;
}

}  // namespace memo
