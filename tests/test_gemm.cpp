// gemm: the fast path (OpenBLAS with the core type memo picks, products split over
// threads) against the reference path (Eigen's product) and against a long-double triple loop,
// for every transpose combination, alpha/beta, odd sizes and sizes large enough to be split.
#include <doctest/doctest.h>

#include <Eigen/Core>

#include "lib/compute/gemm.hpp"
#include "lib/nn/train.hpp"
#include "lib/core/random.hpp"

using namespace memo;

namespace {

// C = alpha op(A) op(B) + beta C0, each entry summed in long double.
Mat reference_product(const Mat& A, bool ta, const Mat& B, bool tb, const Mat& C0, double alpha,
                      double beta) {
  const Mat a = ta ? Mat(A.transpose()) : A, b = tb ? Mat(B.transpose()) : B;
  Mat C(a.rows(), b.cols());
  for (Eigen::Index i = 0; i < C.rows(); ++i)
    for (Eigen::Index j = 0; j < C.cols(); ++j) {
      long double sum = 0;
      for (Eigen::Index l = 0; l < a.cols(); ++l) sum += (long double)a(i, l) * b(l, j);
      C(i, j) = double(alpha * sum + (beta == 0 ? 0.0L : (long double)beta * C0(i, j)));
    }
  return C;
}

// Largest error relative to the scale of the summands (|alpha| |op(A)| |op(B)| + |beta C0|).
double relative_error(const Mat& C, const Mat& reference, const Mat& A, bool ta, const Mat& B, bool tb,
                      const Mat& C0, double alpha, double beta) {
  const Mat a = ta ? Mat(A.transpose()) : A, b = tb ? Mat(B.transpose()) : B;
  Mat scale = std::abs(alpha) * a.cwiseAbs() * b.cwiseAbs();
  if (beta != 0) scale += std::abs(beta) * C0.cwiseAbs();
  return ((C - reference).array() / scale.array().max(1e-300)).abs().maxCoeff();
}

struct Case {
  int m, k, n;
  bool ta, tb;
  double alpha, beta;
};

const Case kCases[] = {
    {1, 1, 1, false, false, 1, 0},       {7, 5, 3, true, false, 1, 1},
    {33, 17, 9, false, true, -0.5, 2},   {13, 29, 31, true, true, 1, 0},
    {300, 200, 150, false, false, 1, 0},  // m·k·n above the split threshold
    {150, 200, 300, false, true, 1, 1},
    {257, 130, 101, true, false, 0.3, -1}, {120, 400, 260, true, true, 1, 0},
    // a small network's products, split into blocks of 16 rows or 8 columns
    {32, 1000, 20, false, false, 0.03, 0}, {1000, 32, 5, true, false, 1, 1},
    {16, 300, 40, false, true, 1, 0},       {1000, 20, 32, false, true, -1, 1},
    // Aᵀ B with a short inner dimension, done in row blocks (ragged last block)
    {1000, 32, 20, true, false, 1, 0},       {777, 40, 7, true, false, 0.5, 1},
};

}  // namespace

TEST_CASE("gemm matches a long-double triple loop on both kernels, every transpose, alpha, beta") {
  const GemmKernel initial = gemm_kernel();
  MESSAGE("gemm kernel: " << gemm_kernel_description());
  std::vector<GemmKernel> kernels{GemmKernel::eigen};
  if (initial == GemmKernel::openblas) kernels.push_back(GemmKernel::openblas);
  Rng rng(9);
  for (const Case& c : kCases) {
    const Mat A = c.ta ? random_normal(c.k, c.m, rng) : random_normal(c.m, c.k, rng);
    const Mat B = c.tb ? random_normal(c.n, c.k, rng) : random_normal(c.k, c.n, rng);
    const Mat C0 = random_normal(c.m, c.n, rng);
    const Mat reference = reference_product(A, c.ta, B, c.tb, C0, c.alpha, c.beta);
    Mat by_eigen;
    for (GemmKernel kernel : kernels) {
      set_gemm_kernel(kernel);
      Mat C = C0;
      gemm(A, c.ta, B, c.tb, C, c.alpha, c.beta);
      if (kernel == GemmKernel::eigen) by_eigen = C;
      // the fast path against the reference path, entry by entry
      CHECK(relative_error(C, by_eigen, A, c.ta, B, c.tb, C0, c.alpha, c.beta) < 2e-13);
      CAPTURE(c.m);
      CAPTURE(c.k);
      CAPTURE(c.n);
      CAPTURE(int(kernel));
      // Rounding of a k-term sum: a few k·eps relative to the summands' scale, here < 1e-13.
      CHECK(relative_error(C, reference, A, c.ta, B, c.tb, C0, c.alpha, c.beta) < 1e-13);
    }
  }
  set_gemm_kernel(initial);
}

TEST_CASE("gemm: shapes are checked, beta = 0 ignores C's old contents, k = 0 is an empty sum") {
  Rng rng(11);
  const Mat A = random_normal(4, 3, rng), B = random_normal(5, 2, rng);
  Mat C;
  CHECK_THROWS_AS(gemm(A, false, B, false, C), Error);
  Mat wrong = Mat::Zero(2, 2);
  CHECK_THROWS_AS(gemm(A, false, random_normal(3, 2, rng), false, wrong, 1, 1), Error);
  Mat garbage = Mat::Constant(4, 2, std::nan(""));
  const Mat B2 = random_normal(3, 2, rng);
  gemm(A, false, B2, false, garbage);
  CHECK(((garbage - A * B2).cwiseAbs().maxCoeff()) < 1e-14);
  Mat empty_k = Mat::Constant(4, 2, 3.0);
  gemm(Mat(4, 0), false, Mat(0, 2), false, empty_k, 1, 0.5);
  CHECK((empty_k.array() == 1.5).all());
}

TEST_CASE("gemm: training through the ops on the fast path follows the reference path") {
  // 5 Adam steps of a deep SELU autoencoder (products above the split threshold): the loss
  // histories of the two kernels agree to rounding.
  const GemmKernel initial = gemm_kernel();
  if (initial != GemmKernel::openblas) {
    MESSAGE("OpenBLAS not loaded; only the Eigen path exists");
    return;
  }
  Rng rng(12);
  const Mat X = random_uniform(96, 80, rng, 0, 1);
  const Mlp start = make_mlp({96, 256, 256, 96}, parse_activation("selu"), Parametrization::standard, true, rng);
  std::vector<std::vector<double>> histories;
  for (GemmKernel kernel : {GemmKernel::eigen, GemmKernel::openblas}) {
    set_gemm_kernel(kernel);
    Mlp net = start;
    Optimizer adam(Adam{.lr = 1e-3}, parameters(net));
    histories.push_back(train(net, X, X, LossKind::mse, adam, {.max_epochs = 5, .quiet = true}).loss_history);
  }
  set_gemm_kernel(initial);
  REQUIRE(histories[0].size() == 6);
  for (size_t e = 0; e < histories[0].size(); ++e)
    CHECK(std::abs(histories[1][e] - histories[0][e]) <= 1e-12 * histories[0][e]);
}

TEST_CASE("gemm counters: 2·m·k·n FLOPs and one call per product while counting is on") {
  Rng rng(13);
  const Mat A = random_normal(30, 20, rng), B = random_normal(20, 10, rng);
  Mat C;
  gemm(A, false, B, false, C);  // not counted
  count_gemm(true);
  gemm(A, false, B, false, C);
  gemm(A, true, A, false, C);  // (20×30)(30×20)
  count_gemm(false);
  gemm(A, false, B, false, C);  // not counted
  const GemmCounters counted = gemm_counters();
  CHECK(counted.calls == 2);
  CHECK(counted.flops == 2.0 * 30 * 20 * 10 + 2.0 * 20 * 30 * 20);
  CHECK(counted.seconds > 0);
  CHECK(counted.seconds < 1);
}
