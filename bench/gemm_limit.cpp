// gemm-limit — workload 6 of `make bench`: the double-precision GEMM rate OpenBLAS
// reaches on this machine, for the same shapes memo-bench times with Eigen. Run it once per
// OPENBLAS_CORETYPE (the library picks its kernel when it loads, from that variable or from
// its CPU detection) to find the best kernel; prints one JSON document.
//
//   OPENBLAS_CORETYPE=SkylakeX build/bin/gemm-limit --threads 2 --reps 5
#include <algorithm>
#include <cblas.h>
#include <chrono>
#include <cstdlib>
#include <fmt/format.h>
#include <random>
#include <vector>

#include "bench/gemm_shapes.hpp"
#include "lib/cli/cli.hpp"

extern "C" char* openblas_get_corename(void);
extern "C" char* openblas_get_config(void);
extern "C" void openblas_set_num_threads(int);

int main(int argc, char** argv) {
  CLI::App app{"OpenBLAS dgemm rate for the shapes of memo-bench (workload 6).", "gemm-limit"};
  int threads = 2, reps = 5;
  app.add_option("--threads", threads, "OpenBLAS threads")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--reps", reps, "timed repetitions (median reported)")->capture_default_str()
      ->check(CLI::PositiveNumber);
  return memo::run_main(app, argc, argv, [&] {
    openblas_set_num_threads(threads);
    const char* requested = std::getenv("OPENBLAS_CORETYPE");
    memo::Json doc{{"library", "OpenBLAS"}, {"config", openblas_get_config()},
                   {"corename", openblas_get_corename()},
                   {"coretype_requested", requested ? requested : "(auto)"}, {"threads", threads}};
    memo::Json rows = memo::Json::array();
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal;
    for (const GemmShape& s : kGemmShapes) {
      std::vector<double> A(size_t(s.m) * s.k), B(size_t(s.k) * s.n), C(size_t(s.m) * s.n);
      for (double& a : A) a = normal(rng);
      for (double& b : B) b = normal(rng);
      const double flops = 2.0 * s.m * s.k * s.n;
      const int inner = std::max(1, int(2e9 / flops));
      auto product = [&] {
        for (int r = 0; r < inner; ++r)
          cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, s.m, s.n, s.k, 1.0, A.data(), s.m,
                      B.data(), s.k, 0.0, C.data(), s.m);
      };
      product();  // warm-up
      std::vector<double> times;
      for (int r = 0; r < reps; ++r) {
        const auto start = std::chrono::steady_clock::now();
        product();
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
      std::sort(times.begin(), times.end());
      // The median is the typical rate; the best repetition is what the machine can reach
      // (the limit), the least disturbed by other processes.
      rows.push_back({{"shape", s.name}, {"m", s.m}, {"k", s.k}, {"n", s.n},
                      {"gflops", flops * inner / times[times.size() / 2] / 1e9},
                      {"gflops_best", flops * inner / times.front() / 1e9}});
    }
    doc["gemm"] = rows;
    memo::print_json(doc);
    return memo::kExitOk;
  });
}
