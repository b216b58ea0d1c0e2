// The libraries gemm() routes products to (lib/compute/gemm_libraries): BLIS and libxsmm
// called directly on parts of larger matrices (leading dimensions above the part's size), and
// gemm() on the shapes the routing table sends to each, all against a long-double triple loop.
#include <doctest/doctest.h>

#include <Eigen/Core>

#include "lib/compute/gemm.hpp"
#include "lib/compute/gemm_libraries.hpp"
#include "lib/compute/team.hpp"
#include "lib/core/random.hpp"
#include "tests/tool_runner.hpp"

using namespace memo;

namespace {

// The part C(row0:row0+m, col0:col0+n) = alpha op(A) op(B) + beta C0 there, summed in long double,
// and the largest error of `C` relative to the scale of the summands.
double part_error(const Mat& C, const Mat& C0, int row0, int col0, const Mat& a, const Mat& b, double alpha,
                  double beta) {
  double worst = 0;
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < b.cols(); ++j) {
      long double sum = 0, scale = 0;
      for (Eigen::Index l = 0; l < a.cols(); ++l) {
        sum += (long double)a(i, l) * b(l, j);
        scale += std::abs((long double)a(i, l) * b(l, j));
      }
      const long double old = C0(row0 + i, col0 + j);
      const long double want = alpha * sum + beta * old;
      scale = std::abs(alpha) * scale + std::abs(beta * old);
      worst = std::max(worst, double(std::abs(C(row0 + i, col0 + j) - want) / std::max(scale, 1e-300L)));
    }
  return worst;
}

struct Case {
  int m, k, n;
  bool ta, tb;
  double alpha, beta;
};

}  // namespace

TEST_CASE("BLIS and libxsmm compute parts of larger matrices to the rounding of a k-term sum") {
  MESSAGE(cpu_description() << "; " << blis_description() << "; " << libxsmm_description());
  const Case cases[] = {{1000, 32, 20, false, false, 1, 0},   {32, 20, 1000, false, true, 1, 1},
                        {16, 144, 700, false, false, 0.25, 0}, {16, 700, 144, false, true, 1, 0},
                        {37, 13, 9, true, false, -1, 0.5},     {29, 100, 31, false, true, 2, 0},
                        {32, 20, 1000, false, true, 0.03, 1},  {1000, 32, 5, false, false, -0.5, 0},
                        {1000, 5, 32, false, true, 0.1, 1},    {32, 1000, 5, false, false, 0.03, 0},
                        {32, 700, 6, false, false, -0.5, 1},   {40, 600, 8, false, true, 0.2, 1}};
  Rng rng(4);
  for (const Case& c : cases) {
    CAPTURE(c.m);
    CAPTURE(c.k);
    CAPTURE(c.n);
    // The operands and C are blocks inside bigger matrices, as gemm()'s parts are.
    const int pad = 3;
    const Mat A = c.ta ? random_normal(c.k + pad, c.m + pad, rng) : random_normal(c.m + pad, c.k + pad, rng);
    const Mat B = c.tb ? random_normal(c.n + pad, c.k + pad, rng) : random_normal(c.k + pad, c.n + pad, rng);
    const Mat C0 = random_normal(c.m + 2 * pad, c.n + 2 * pad, rng);
    const Mat a = c.ta ? Mat(A.topLeftCorner(c.k, c.m).transpose()) : Mat(A.topLeftCorner(c.m, c.k));
    const Mat b = c.tb ? Mat(B.topLeftCorner(c.n, c.k).transpose()) : Mat(B.topLeftCorner(c.k, c.n));
    double* corner = nullptr;
    if (CblasDgemm blis = blis_dgemm()) {
      Mat C = C0;
      corner = C.data() + pad + std::ptrdiff_t(pad) * C.rows();
      blis(102, c.ta ? 112 : 111, c.tb ? 112 : 111, c.m, c.n, c.k, c.alpha, A.data(), int(A.rows()), B.data(),
           int(B.rows()), c.beta, corner, int(C.rows()));
      CHECK(part_error(C, C0, pad, pad, a, b, c.alpha, c.beta) < 1e-13);
      CHECK(C.topRows(pad) == C0.topRows(pad));  // nothing outside the part is touched
    }
    Mat C = C0;
    corner = C.data() + pad + std::ptrdiff_t(pad) * C.rows();
    const bool done = libxsmm_dgemm_columns(c.ta, c.tb, c.m, c.n, c.k, c.alpha, A.data(), int(A.rows()), B.data(),
                                            int(B.rows()), c.beta, corner, int(C.rows()));
    // libxsmm takes what its generator supports (no transposed A, beta 0 or 1), and alpha ≠ 1
    // only with an operand small enough to scale or a C no larger than either operand.
    const bool small_operand = double(std::min(c.m, c.n)) * c.k <= 0.25 * c.m * c.n;
    const bool small_result = double(c.m) * c.n <= double(std::min(c.m, c.n)) * c.k;
    const bool supported =
        !c.ta && (c.beta == 0 || c.beta == 1) && (c.alpha == 1 || small_operand || small_result);
    if (!supported) CHECK_FALSE(done);
    if (libxsmm_description().rfind("libxsmm", 0) == 0) CHECK(done == supported);  // built in
    if (done) {
      CHECK(part_error(C, C0, pad, pad, a, b, c.alpha, c.beta) < 1e-13);
      CHECK(C.leftCols(pad) == C0.leftCols(pad));
    } else {
      CHECK(C == C0);
    }
  }
}

TEST_CASE("gemm on the shapes each library is routed to equals the triple loop at 1 and 2 threads") {
  // On the avx512_intel and avx2_fma kinds these go to libxsmm (NT with a short inner
  // dimension, a small A with a short side), BLIS (NT with a long inner dimension, a large A
  // with a short side; avx2_fma: Aᵀ·B with a short side or k), OpenBLAS (square-ish;
  // avx512_intel: Aᵀ·B with a short k and n) and Eigen (avx512_intel: other Aᵀ·B, the last
  // two); on avx512_amd to libxsmm (every NT, A·B with a short side) and OpenBLAS (the rest); on
  // the baseline kind all to OpenBLAS: the results must not care.
  const Case cases[] = {{512, 100, 300, false, true, 1, 0}, {32, 20, 3000, false, true, 1, 1},
                        {16, 2000, 144, false, true, 1, 0}, {16, 144, 2000, false, false, 1, 0},
                        {3000, 32, 20, false, false, 1, 0}, {1000, 32, 20, false, false, 0.5, 0},
                        {1000, 32, 20, true, false, 1, 1},  {300, 300, 100, false, false, 1, 0},
                        {300, 300, 100, true, false, 0.5, 0.25}, {144, 16, 2000, true, false, 1, 0}};
  Rng rng(6);
  const int saved = compute_threads();
  for (const int threads : {1, 2}) {
    set_compute_threads(threads);
    for (const Case& c : cases) {
      CAPTURE(c.m);
      CAPTURE(c.k);
      CAPTURE(c.n);
      CAPTURE(threads);
      const Mat A = c.ta ? random_normal(c.k, c.m, rng) : random_normal(c.m, c.k, rng);
      const Mat B = c.tb ? random_normal(c.n, c.k, rng) : random_normal(c.k, c.n, rng);
      const Mat C0 = random_normal(c.m, c.n, rng);
      Mat C = C0;
      gemm(A, c.ta, B, c.tb, C, c.alpha, c.beta);
      const Mat a = c.ta ? Mat(A.transpose()) : A, b = c.tb ? Mat(B.transpose()) : B;
      CHECK(part_error(C, C0, 0, 0, a, b, c.alpha, c.beta) < 1e-13);
    }
  }
  set_compute_threads(saved);
}

TEST_CASE("an AVX-512 CPU standing in for another kind (MEMO_CPU_KIND) runs that kind's route and kernels, to the same rounding") {
  const bool avx512_hardware = (this_cpu_kind() == CpuKind::avx512_intel || this_cpu_kind() == CpuKind::avx512_amd) &&
                               !cpu_kind_is_stand_in();
  if (!avx512_hardware) {
    MESSAGE("this CPU is " << cpu_description() << ": no avx512 hardware to stand in with; the tests above ran its own route");
    return;
  }
  const std::string hardware = cpu_kind_name(this_cpu_kind());
  const std::string other_avx512 = this_cpu_kind() == CpuKind::avx512_amd ? "avx512_intel" : "avx512_amd";
  const std::string cases = " -tc='BLIS and libxsmm compute parts*,gemm on the shapes each library is routed to*' 2>&1";
  // The two cases above, in a child process that sees MEMO_CPU_KIND=avx2_fma: libxsmm's AVX2
  // code, OpenBLAS's Haswell kernels and the avx2_fma route (BLIS for skinny Aᵀ·B).
  const testing::ToolOutput avx2 = run_command_output("MEMO_CPU_KIND=avx2_fma " + testing::tool_path("tests") + cases);
  CAPTURE(avx2.out);
  CHECK(avx2.status == 0);
  CHECK(avx2.out.find(hardware + " hardware standing in for avx2_fma") != std::string::npos);
  if (libxsmm_description().rfind("libxsmm", 0) == 0) CHECK(avx2.out.find("JIT for hsw") != std::string::npos);
  CHECK(avx2.out.find("2 passed | 0 failed") != std::string::npos);
  // The other AVX-512 kind's route, with this CPU's own AVX-512 code (libxsmm not sent to AVX2).
  const testing::ToolOutput avx512 =
      run_command_output("MEMO_CPU_KIND=" + other_avx512 + " " + testing::tool_path("tests") + cases);
  CAPTURE(avx512.out);
  CHECK(avx512.status == 0);
  CHECK(avx512.out.find("standing in for " + other_avx512) != std::string::npos);
  CHECK(avx512.out.find("JIT for hsw") == std::string::npos);
  CHECK(avx512.out.find("2 passed | 0 failed") != std::string::npos);
  // Anything else is refused with one line and the hardware's kind kept.
  const testing::ToolOutput refused = run_command_output(
      "MEMO_CPU_KIND=zen9 " + testing::tool_path("tests") + " -tc='BLIS and libxsmm compute parts*' 2>&1");
  CHECK(refused.status == 0);
  CHECK(refused.out.find("MEMO_CPU_KIND=zen9 ignored") != std::string::npos);
  CHECK(refused.out.find("(" + hardware + ")") != std::string::npos);
}
