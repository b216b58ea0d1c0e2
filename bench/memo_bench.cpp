// memo-bench — the memo side of `make bench`. Runs workloads 1–7, writes the data
// and initial weights the PyTorch script (bench/torch_bench.py) loads, so both frameworks
// train the same networks on the same data, and prints one JSON document of medians.
//
//   build/bin/memo-bench --out out/bench --threads 2 --reps 5 [--workloads 1,2,3,4,5,6,7]
//
// Times are medians over --reps repetitions of wall-clock seconds, measured around the
// computation only (data generation and file output are outside the clock).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "bench/gauss_hermite_gram.hpp"
#include "bench/gemm_shapes.hpp"
#include "lib/cli/cli.hpp"
#include "lib/compute/gemm.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/io/model_io.hpp"
#include "lib/io/npy.hpp"
#include "lib/compute/parallel.hpp"
#include "lib/compute/team.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/nn/train.hpp"

using namespace memo;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// Wall times of `reps` calls of `body` (after one untimed warm-up call).
template <typename Body>
std::vector<double> timings(int reps, Body&& body) {
  body();
  std::vector<double> times;
  for (int r = 0; r < reps; ++r) {
    const auto start = Clock::now();
    body();
    times.push_back(seconds_since(start));
  }
  return times;
}

template <typename Body>
double median_seconds(int reps, Body&& body) {
  return median(timings(reps, body));
}

// Median seconds of `reps` trainings (after one untimed warm-up), each from a fresh copy of
// `initial` with a fresh optimizer, both made outside the clock: it sees the steps only.
template <typename Train>
double median_training_seconds(int reps, const Mlp& initial, const OptimizerConfig& config, Train&& run) {
  std::vector<double> times;
  for (int r = 0; r <= reps; ++r) {
    Mlp net = initial;
    Optimizer optimizer(config, parameters(net));
    const auto start = Clock::now();
    run(net, optimizer);
    if (r > 0) times.push_back(seconds_since(start));
  }
  return median(times);
}

// n points on the unit sphere of R^d, Gaussian directions.
Mat unit_sphere_points(int d, int n, Rng& rng) {
  Mat X = random_normal(d, n, rng);
  X.colwise().normalize();
  return X;
}

// 2·m·k·n for every product of one AM-regime epoch: forward W H, backward dW = dZ H^T and
// dH = W^T dZ (no dH for the data).
double am_epoch_flops(const std::vector<int>& widths, int n) {
  double flops = 0;
  for (size_t l = 0; l + 1 < widths.size(); ++l) {
    const double product = 2.0 * widths[l + 1] * widths[l] * n;
    flops += (l == 0 ? 2 : 3) * product;
  }
  return flops;
}

// FLOPs of the closed-form Jacobian at one point: W_{l+1} (out, k) times J (k, d0).
double am_jacobian_flops(const std::vector<int>& widths) {
  double flops = 0;
  for (size_t l = 1; l + 1 < widths.size(); ++l) flops += 2.0 * widths[l + 1] * widths[l] * widths[0];
  return flops;
}

std::vector<int> am_widths() {
  std::vector<int> widths{784};
  for (int l = 0; l < 10; ++l) widths.push_back(512);
  widths.push_back(784);
  return widths;
}

struct Settings {
  std::string out;
  int threads = 2;
  int reps = 5;
  unsigned long seed = 0;
  bool quick = false;  // smaller step counts (a smoke test of the whole pipeline)
  bool skip_to_tol = false;  // workload 1 without the time to loss < 1e-7 (extra rounds)
};

// Workload 1: NTK regime, 2-layer sigmoid, n0 = 32, full-batch GD lr 1 on (1/2n)Σ‖f−x‖².
Json ntk_regime(const Settings& s) {
  Json rows = Json::array();
  for (int width : {1000, 10000}) {
    for (int n : {5, 20}) {
      Rng rng(run_seed(s.seed, 100 + width + n));
      const Mat X = unit_sphere_points(32, n, rng);
      const Mlp initial = make_mlp({32, width, 32}, parse_activation("sigmoid"), Parametrization::ntk, false, rng);
      const std::string tag = fmt::format("w1_{}_{}", width, n);
      write_examples(s.out + "/data/" + tag + "_X.npy", X);
      save_mlp(s.out + "/data/" + tag + "_init.npz", initial);

      const long steps = s.quick ? 5 : (width == 1000 ? 1000 : 40);
      const double per_step = median_training_seconds(s.reps, initial, Sgd{.lr = 1}, [&](Mlp& net, Optimizer& gd) {
        train(net, X, X, LossKind::half_sum_over_n, gd, {.max_epochs = steps, .quiet = true, .keep_history = false});
      }) / double(steps);

      // Time to loss < 1e-7: one run (thousands of steps, no warm-up needed), for n = 5 only.
      // With n = 20 the loss is still 1.5e-6 after 200,000 steps (width 1000; the smallest
      // kernel eigenvalue sets the rate), too long for a benchmark.
      TrainResult converged;
      double to_tol = -1;
      if (n == 5 && !s.skip_to_tol) {
        Mlp net = initial;
        Optimizer gd(Sgd{.lr = 1}, parameters(net));
        const auto start = Clock::now();
        converged = train(net, X, X, LossKind::half_sum_over_n, gd,
                          {.tol = 1e-7, .max_epochs = s.quick ? 50 : 100000, .quiet = true,
                           .keep_history = false});
        to_tol = seconds_since(start);
      }
      rows.push_back({{"width", width}, {"n", n}, {"seconds_per_step", per_step},
                      {"timed_steps", steps},
                      {"seconds_to_tol", to_tol < 0 ? Json() : Json(to_tol)},
                      {"epochs_to_tol", to_tol < 0 ? Json() : Json(converged.epochs)},
                      {"converged", converged.converged()}, {"final_loss", converged.final_loss}});
    }
  }
  return rows;
}

// Workload 2: AM regime, 784 → 512 × 10 (SELU) → 784, Adam, 100 images (random stand-ins).
Json am_regime(const Settings& s, const Mlp& initial, const Mat& X) {
  const int epochs = s.quick ? 2 : 10;
  const double per_epoch = median_training_seconds(s.reps, initial, Adam{.lr = 1e-4}, [&](Mlp& net, Optimizer& adam) {
    train(net, X, X, LossKind::mse, adam, {.max_epochs = epochs, .quiet = true, .keep_history = false});
  }) / double(epochs);
  // The matrix products' own time (gemm() counts its wall time): the same runs again.
  std::vector<double> product_seconds;
  const double flops = am_epoch_flops(initial.widths, int(X.cols()));
  for (int r = 0; r < s.reps; ++r) {
    Mlp net = initial;
    Optimizer adam(Adam{.lr = 1e-4}, parameters(net));
    count_gemm(true);
    train(net, X, X, LossKind::mse, adam, {.max_epochs = epochs, .quiet = true, .keep_history = false});
    count_gemm(false);
    const GemmCounters counted = gemm_counters();
    // The loss is evaluated once more after the last step (epochs + 1 forward passes).
    if (std::abs(counted.flops - epochs * flops) > 0.5 * flops)
      throw Error(fmt::format("W2: gemm() counted {} FLOPs for {} epochs of {}", counted.flops, epochs, flops));
    product_seconds.push_back(counted.seconds * flops / counted.flops);
  }
  const double products_per_epoch = median(product_seconds);
  Mlp net = initial;
  Optimizer adam(Adam{.lr = 1e-4}, parameters(net));
  const TrainResult result =
      train(net, X, X, LossKind::mse, adam, {.max_epochs = 3, .quiet = true, .keep_history = true});
  return {{"seconds_per_epoch", per_epoch}, {"timed_epochs", epochs}, {"gemm_flops_per_epoch", flops},
          {"gflops", flops / per_epoch / 1e9}, {"seconds_in_products_per_epoch", products_per_epoch},
          {"gflops_in_products", flops / products_per_epoch / 1e9}, {"loss_history", result.loss_history}};
}

// Workload 3: Jacobians of the AM network at its 100 training points, then all eigenvalues.
Json am_spectra(const Settings& s, const Mlp& net, const Mat& X) {
  const int points = s.quick ? 4 : int(X.cols());
  const Mat P = X.leftCols(points);
  std::vector<Mat> J;
  const double jac_seconds = median_seconds(std::max(1, s.reps / 2), [&] { J = jacobians(net, P); });
  // Eigenvalues: one matrix after another on one thread each, spread over the cores.
  std::vector<double> radius(points);
  const double eig_seconds = median_seconds(1, [&] {
    parallel_runs(points, s.threads, [&](int i) { radius[i] = spectral_radius(J[i]); });
  });
  const double flops = am_jacobian_flops(net.widths) * points;
  return {{"points", points}, {"seconds_jacobians", jac_seconds}, {"gemm_flops", flops},
          {"gflops", flops / jac_seconds / 1e9}, {"seconds_eigenvalues", eig_seconds},
          {"spectral_radius_0", radius[0]}, {"frobenius_J0", J[0].norm()}};
}

// Workload 4: 2-layer NTK Gram matrix of 40 points by quadrature (no PyTorch counterpart).
Json ntk_gram(const Settings& s) {
  Rng rng(run_seed(s.seed, 4));
  const Mat X = unit_sphere_points(32, 40, rng) * 2.0;
  const bench::GaussHermite rule = bench::gauss_hermite(64);
  Mat gram;
  const Activation sigmoid = parse_activation("sigmoid");
  const double seconds = median_seconds(s.reps, [&] { gram = bench::ntk2_gram(sigmoid, X, rule); });
  // Check the same quadrature against the closed form (NTK eq. 6) for sigmoid_erf.
  const Mat erf_gram = bench::ntk2_gram(parse_activation("sigmoid_erf"), X, rule);
  double worst = 0;
  for (Eigen::Index i = 0; i < X.cols(); ++i)
    for (Eigen::Index j = 0; j < X.cols(); ++j)
      worst = std::max(worst, std::abs(erf_gram(i, j) - bench::ntk2_sigmoid_erf(X.col(i), X.col(j))));
  return {{"points", X.cols()}, {"quadrature_nodes", 64 * 64}, {"seconds", seconds},
          {"sigmoid_erf_max_error_vs_closed_form", worst}, {"gram_00", gram(0, 0)}};
}

// Workload 5: 32 independent small runs (different seeds) on 1 and on 2 threads.
Json independent_runs(const Settings& s) {
  const int runs = 32, width = 256, n = 5;
  const long steps = s.quick ? 5 : 300;
  std::vector<double> final_loss(runs);
  auto one_run = [&](int i) {
    Rng rng(run_seed(s.seed, 500 + i));
    const Mat X = unit_sphere_points(32, n, rng);
    Mlp net = make_mlp({32, width, 32}, parse_activation("sigmoid"), Parametrization::ntk, false, rng);
    Optimizer gd(Sgd{.lr = 1}, parameters(net));
    final_loss[i] = train(net, X, X, LossKind::half_sum_over_n, gd,
                          {.max_epochs = steps, .quiet = true, .keep_history = false}).final_loss;
  };
  // Write run 0's data and weights for the PyTorch side.
  {
    Rng rng(run_seed(s.seed, 500));
    const Mat X = unit_sphere_points(32, n, rng);
    const Mlp net = make_mlp({32, width, 32}, parse_activation("sigmoid"), Parametrization::ntk, false, rng);
    write_examples(s.out + "/data/w5_X.npy", X);
    save_mlp(s.out + "/data/w5_init.npz", net);
  }
  // 1 and 2 threads alternate, repetition by repetition, so that a slow phase of the machine
  // falls on both (one warm-up of each first).
  std::vector<double> times_one, times_two;
  std::vector<double> loss_one;
  for (int r = 0; r <= s.reps; ++r) {
    auto start = Clock::now();
    parallel_runs(runs, 1, one_run);
    if (r > 0) times_one.push_back(seconds_since(start));
    loss_one = final_loss;
    start = Clock::now();
    parallel_runs(runs, 2, one_run);
    if (r > 0) times_two.push_back(seconds_since(start));
  }
  const double one = median(times_one), two = median(times_two);
  return {{"runs", runs}, {"width", width}, {"n", n}, {"steps", steps}, {"seconds_1_thread", one},
          {"seconds_2_threads", two}, {"speedup", one / two},
          {"identical_results", loss_one == final_loss}, {"run0_final_loss", final_loss[0]}};
}

// Workload 6 (memo's part): memo's gemm() as built and configured here, and Eigen's own
// product (the reference path), for square sizes and the AM shapes.
Json memo_gemm(const Settings& s) {
  Json rows = Json::array();
  for (const GemmShape& shape : kGemmShapes) {
    Rng rng(7);
    const Mat A = random_normal(shape.m, shape.k, rng), B = random_normal(shape.k, shape.n, rng);
    Mat C(shape.m, shape.n);
    const double flops = 2.0 * shape.m * shape.k * shape.n;
    const int inner = std::max(1, int(2e9 / flops));  // about 2 GFLOP per repetition
    const auto memo_times = timings(s.reps, [&] {
      for (int r = 0; r < inner; ++r) gemm(A, false, B, false, C);
    });
    const auto eigen_times = timings(s.reps, [&] {
      for (int r = 0; r < inner; ++r) C.noalias() = A * B;
    });
    const double work = flops * inner / 1e9;
    // median: the typical rate; best: the least disturbed repetition (for the limit)
    rows.push_back({{"shape", shape.name}, {"m", shape.m}, {"k", shape.k}, {"n", shape.n},
                    {"gflops_memo_gemm", work / median(memo_times)},
                    {"gflops_eigen", work / median(eigen_times)},
                    {"gflops_memo_gemm_best", work / *std::min_element(memo_times.begin(), memo_times.end())},
                    {"gflops_eigen_best", work / *std::min_element(eigen_times.begin(), eigen_times.end())}});
  }
  return rows;
}

// Workload 7: the NTK step (width 1000, n = 5 and 20) and the AM epoch as workloads 1 and 2
// time them, at --threads (0: memo's default); run_bench.py runs it beside a competing
// CPU-bound process, at the default threads and at 1. The team's counters say how often
// the team ran tasks on the caller alone because the machine was busy.
Json busy_machine(const Settings& s, const Mlp& am_initial, const Mat& am_X) {
  Json ntk = Json::array();
  reset_team_counters();
  for (int n : {5, 20}) {
    Rng rng(run_seed(s.seed, 700 + n));
    const Mat X = unit_sphere_points(32, n, rng);
    const Mlp initial = make_mlp({32, 1000, 32}, parse_activation("sigmoid"), Parametrization::ntk, false, rng);
    const std::string tag = fmt::format("w7_1000_{}", n);
    write_examples(s.out + "/data/" + tag + "_X.npy", X);
    save_mlp(s.out + "/data/" + tag + "_init.npz", initial);
    const long steps = s.quick ? 5 : 1000;
    const double per_step = median_training_seconds(s.reps, initial, Sgd{.lr = 1}, [&](Mlp& net, Optimizer& gd) {
      train(net, X, X, LossKind::half_sum_over_n, gd, {.max_epochs = steps, .quiet = true, .keep_history = false});
    }) / double(steps);
    ntk.push_back({{"width", 1000}, {"n", n}, {"seconds_per_step", per_step}, {"timed_steps", steps}});
  }
  const int epochs = s.quick ? 2 : 10;
  const double per_epoch = median_training_seconds(s.reps, am_initial, Adam{.lr = 1e-4}, [&](Mlp& net, Optimizer& adam) {
    train(net, am_X, am_X, LossKind::mse, adam, {.max_epochs = epochs, .quiet = true, .keep_history = false});
  }) / double(epochs);
  const TeamCounters team = team_counters();
  return {{"threads", compute_threads()}, {"ntk_step", ntk}, {"am_seconds_per_epoch", per_epoch},
          {"am_timed_epochs", epochs}, {"team_shared_tasks", team.shared_tasks},
          {"team_caller_only_tasks", team.caller_only_tasks}, {"team_parts_taken_back", team.parts_taken_back}};
}

std::string read_loadavg() {
  std::ifstream in("/proc/loadavg");
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"memo's side of `make bench`: workloads 1–7, medians as JSON.", "memo-bench"};
  Settings s;
  s.out = "out/bench";
  std::string workloads = "1,2,3,4,5,6";
  app.add_option("--out", s.out, "folder for the shared data files and memo.json")->capture_default_str();
  app.add_option("--threads", s.threads, "threads for products and runs (0: memo's default)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  app.add_option("--reps", s.reps, "timed repetitions (median reported)")->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--seed", s.seed, "seed of data and initial weights")->capture_default_str();
  app.add_option("--workloads", workloads, "comma-separated subset of 1,2,3,4,5,6,7")->capture_default_str();
  app.add_flag("--quick", s.quick, "few steps only: a smoke test of the pipeline");
  app.add_flag("--skip-to-tol", s.skip_to_tol, "workload 1: time per step only, not the time to loss < 1e-7");

  return run_main(app, argc, argv, [&] {
    for (char c : workloads)
      if (c != ',' && (c < '1' || c > '7'))
        throw Error(fmt::format("--workloads '{}': expected a list of 1…7", workloads));
    auto wanted = [&](char w) { return workloads.find(w) != std::string::npos; };
    s.threads = set_threads(s.threads);
    std::filesystem::create_directories(s.out + "/data");
    Json doc{{"framework", "memo"}, {"threads", s.threads}, {"reps", s.reps}, {"seed", s.seed},
             {"eigen_simd", Eigen::SimdInstructionSetsInUse()},
             {"gemm_kernel", gemm_kernel_description()},
             {"loadavg_start", read_loadavg()}};
    const auto start = Clock::now();
    if (wanted('1')) doc["w1_ntk_regime"] = ntk_regime(s);
    if (wanted('2') || wanted('3') || wanted('7')) {
      Rng rng(run_seed(s.seed, 2));
      const std::vector<int> widths = am_widths();
      const Mat X = random_uniform(784, 100, rng, 0, 1);  // stands in for 100 MNIST images
      const Mlp net = make_mlp(widths, parse_activation("selu"), Parametrization::standard, true, rng);
      write_examples(s.out + "/data/am_X.npy", X);
      save_mlp(s.out + "/data/am_init.npz", net);
      if (wanted('2')) doc["w2_am_regime"] = am_regime(s, net, X);
      if (wanted('3')) doc["w3_am_spectra"] = am_spectra(s, net, X);
      if (wanted('7')) doc["w7_busy_machine"] = busy_machine(s, net, X);
    }
    if (wanted('4')) doc["w4_ntk_gram"] = ntk_gram(s);
    if (wanted('5')) doc["w5_independent_runs"] = independent_runs(s);
    if (wanted('6')) doc["w6_memo_gemm"] = memo_gemm(s);
    doc["loadavg_end"] = read_loadavg();
    doc["seconds_total"] = seconds_since(start);
    write_file(s.out + "/memo.json", doc.dump(2) + "\n");
    print_json(doc);
    return kExitOk;
  });
}
