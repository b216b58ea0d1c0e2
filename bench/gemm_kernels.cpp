// gemm-kernels — workload 8 of `make bench`: which library computes each product of memo's
// training steps fastest on one core of this CPU. The products are the ones the NTK step
// (32 → 1000 → 32, n = 5 and 20; and width 10⁴), the AM epoch (784 → 512×10 → 784, n = 100),
// a MEM conv layer and the AM Jacobian issue, in their transposes (forward W·H, backward Wᵀ·δ,
// gradient δ·Hᵀ). Each is timed with
//   - memo's gemm() as it is (one thread: whatever kernel it routes the product to),
//   - OpenBLAS's cblas_dgemm (the library memo loads, with the core type memo chose),
//   - BLIS's cblas_dgemm (Debian's serial build, loaded at run time),
//   - libxsmm's JIT kernel for the shape (when libxsmm can generate one),
//   - Eigen's own product.
// Times are the thread's CPU time (a busy machine does not inflate it as it does wall time),
// the kernels interleaved within each repetition so that all of them see the same
// disturbances, and the median over the repetitions is reported. Prints one JSON document.
//
//   build/bin/gemm-kernels --reps 15
#include <algorithm>
#include <ctime>
#include <dlfcn.h>
#include <fmt/format.h>
#include <functional>
#include <random>
#include <vector>

#include "lib/cli/cli.hpp"
#include "lib/compute/gemm.hpp"
#include "lib/compute/gemm_libraries.hpp"
#include "lib/compute/team.hpp"

using namespace memo;

namespace {

struct ProductShape {
  const char* workload;  // which step issues it
  const char* role;      // forward, backward or gradient
  int m, k, n;
  bool transpose_a, transpose_b;
};

// The products of one NTK step at width 1000 (n0 = 32) for n examples, and of one AM epoch.
std::vector<ProductShape> product_shapes() {
  std::vector<ProductShape> shapes;
  for (const int n : {5, 20}) {
    const char* step = n == 5 ? "NTK step, n = 5" : "NTK step, n = 20";
    shapes.push_back({step, "forward W1·X", 1000, 32, n, false, false});
    shapes.push_back({step, "forward W2·H", 32, 1000, n, false, false});
    shapes.push_back({step, "backward W2ᵀ·δ", 1000, 32, n, true, false});
    shapes.push_back({step, "gradient δ2·Hᵀ", 32, n, 1000, false, true});
    shapes.push_back({step, "gradient δ1·Xᵀ", 1000, n, 32, false, true});
  }
  const char* am = "AM epoch, n = 100";
  shapes.push_back({am, "forward W·X (784 → 512)", 512, 784, 100, false, false});
  shapes.push_back({am, "forward W·H (512 → 512)", 512, 512, 100, false, false});
  shapes.push_back({am, "forward W·H (512 → 784)", 784, 512, 100, false, false});
  shapes.push_back({am, "backward Wᵀ·δ (512 → 512)", 512, 512, 100, true, false});
  shapes.push_back({am, "backward Wᵀ·δ (784 → 512)", 512, 784, 100, true, false});
  shapes.push_back({am, "gradient δ·Hᵀ (512 × 512)", 512, 100, 512, false, true});
  shapes.push_back({am, "gradient δ·Hᵀ (784 × 512)", 784, 100, 512, false, true});
  shapes.push_back({am, "gradient δ·Xᵀ (512 × 784)", 512, 100, 784, false, true});
  const char* wide = "NTK step, width 10⁴, n = 20";
  shapes.push_back({wide, "forward W1·X", 10000, 32, 20, false, false});
  shapes.push_back({wide, "forward W2·H", 32, 10000, 20, false, false});
  shapes.push_back({wide, "gradient δ2·Hᵀ", 32, 20, 10000, false, true});
  shapes.push_back({wide, "gradient δ1·Xᵀ", 10000, 20, 32, false, true});
  // MEM's conv layers as im2col products: 16 → 16 filters, 3 × 3, ten 32 × 32 images.
  const char* conv = "conv layer, 16 filters, 10 images 32²";
  shapes.push_back({conv, "forward W·patches", 16, 144, 10240, false, false});
  shapes.push_back({conv, "gradient δ·patchesᵀ", 16, 10240, 144, false, true});
  shapes.push_back({conv, "backward Wᵀ·δ", 144, 16, 10240, true, false});
  shapes.push_back({"AM Jacobian", "W·J (784 inputs)", 512, 512, 784, false, false});
  return shapes;
}

double thread_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Per-product kernel rates on one core (workload 8 of make bench).", "gemm-kernels"};
  int reps = 15;
  double rep_seconds = 0.004;
  app.add_option("--reps", reps, "timed repetitions per kernel (median reported)")->capture_default_str()
      ->check(CLI::Range(3, 1000));
  app.add_option("--rep-seconds", rep_seconds, "CPU seconds of products per repetition")->capture_default_str()
      ->check(CLI::Range(1e-4, 10.0));
  return run_main(app, argc, argv, [&] {
    set_compute_threads(1);
    const auto openblas = reinterpret_cast<CblasDgemm>(openblas_symbol("cblas_dgemm"));
    const CblasDgemm blis = blis_dgemm();
    Json doc{{"cpu", cpu_description()}, {"cpu_kind", cpu_kind_name(this_cpu_kind())},
             {"stand_in", cpu_kind_is_stand_in()},
             {"memo_gemm", gemm_kernel_description()}, {"blis", blis_description()},
             {"libxsmm", libxsmm_description()}};
    std::mt19937_64 rng(11);
    std::normal_distribution<double> normal;
    Json rows = Json::array();
    for (const ProductShape& s : product_shapes()) {
      Mat A(s.transpose_a ? s.k : s.m, s.transpose_a ? s.m : s.k), B(s.transpose_b ? s.n : s.k, s.transpose_b ? s.k : s.n);
      for (double& a : A.reshaped()) a = normal(rng);
      for (double& b : B.reshaped()) b = normal(rng);
      Mat C(s.m, s.n);
      const int ta = s.transpose_a ? 112 : 111, tb = s.transpose_b ? 112 : 111;
      auto cblas = [&](CblasDgemm dgemm) {
        return [&, dgemm] {
          dgemm(102, ta, tb, s.m, s.n, s.k, 1.0, A.data(), int(A.rows()), B.data(), int(B.rows()), 0.0, C.data(), s.m);
        };
      };
      std::vector<std::pair<std::string, std::function<void()>>> kernels;
      kernels.emplace_back("memo", [&] { gemm(A, s.transpose_a, B, s.transpose_b, C); });
      if (openblas) kernels.emplace_back("openblas", cblas(openblas));
      if (blis) kernels.emplace_back("blis", cblas(blis));
      if (libxsmm_can_compute(s.m, s.n, s.k, s.transpose_a, s.transpose_b, 1.0, 0.0))
        kernels.emplace_back("libxsmm", [&] {
          libxsmm_dgemm_columns(s.transpose_a, s.transpose_b, s.m, s.n, s.k, 1.0, A.data(), int(A.rows()), B.data(),
                                int(B.rows()), 0.0, C.data(), s.m);
        });
      kernels.emplace_back("eigen", [&] {
        if (!s.transpose_a && !s.transpose_b) C.noalias() = A * B;
        else if (s.transpose_a) C.noalias() = A.transpose() * B;
        else C.noalias() = A * B.transpose();
      });
      const double flops = 2.0 * s.m * s.k * s.n;
      std::vector<int> inner(kernels.size());
      for (size_t i = 0; i < kernels.size(); ++i) {  // calls per repetition, from a trial
        kernels[i].second();
        const double start = thread_seconds();
        int calls = 0;
        while (thread_seconds() - start < rep_seconds / 4) { kernels[i].second(); ++calls; }
        inner[i] = std::max(1, calls * 4);
      }
      std::vector<std::vector<double>> per_call(kernels.size());
      for (int r = 0; r < reps; ++r)
        for (size_t i = 0; i < kernels.size(); ++i) {
          const double start = thread_seconds();
          for (int c = 0; c < inner[i]; ++c) kernels[i].second();
          per_call[i].push_back((thread_seconds() - start) / inner[i]);
        }
      Json row{{"workload", s.workload}, {"role", s.role}, {"m", s.m}, {"k", s.k}, {"n", s.n},
               {"transpose_a", s.transpose_a}, {"transpose_b", s.transpose_b},
               {"routed_to", gemm_library_name(routed_library(this_cpu_kind(), s.m, s.n, s.k, s.transpose_a, s.transpose_b))}};
      Json times = Json::object();
      for (size_t i = 0; i < kernels.size(); ++i) {
        const double t = median(per_call[i]);
        times[kernels[i].first] = {{"microseconds", 1e6 * t}, {"gflops", flops / t / 1e9}};
      }
      row["kernels"] = times;
      rows.push_back(row);
    }
    doc["products"] = rows;
    print_json(doc);
    return kExitOk;
  });
}
