// The elementwise passes that run over the threads (parallel_blocks, parallel_matrix_blocks:
// activations, optimizer updates) give the same bits on one thread and on two, and an entry's value does not
// depend on where it sits in the matrix.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <mutex>
#include <thread>

#include "lib/autodiff/activation.hpp"
#include "lib/nn/optimizer.hpp"
#include "lib/compute/parallel.hpp"
#include "lib/core/random.hpp"

using namespace memo;

namespace {

// Runs f with Eigen's thread count (the one parallel_blocks uses) set to `threads`, and the
// team set to hand out blocks whatever the machine's load (the adaptive policy runs a pass as
// one block on a busy machine).
template <typename F>
auto with_threads(int threads, F&& f) {
  const int saved = compute_threads();
  const TeamWaiting saved_waiting = team_waiting();
  set_compute_threads(threads);
  set_team_waiting(TeamWaiting::spin);
  auto result = f();
  set_team_waiting(saved_waiting);
  set_compute_threads(saved);
  return result;
}

}  // namespace

TEST_CASE("parallel_blocks covers the range once, in blocks that start on whole vectors") {
  for (Eigen::Index size : {Eigen::Index(0), Eigen::Index(1), kMinimumBlock - 1, kMinimumBlock, 2 * kMinimumBlock - 1,
                            2 * kMinimumBlock, Eigen::Index(100003)}) {
    std::vector<int> hits(size, 0);
    std::mutex mutex;
    std::map<Eigen::Index, std::thread::id> block_thread;  // block start -> the thread that ran it
    with_threads(2, [&] {
      parallel_blocks(size, [&](Eigen::Index begin, Eigen::Index end) {
        {
          std::lock_guard lock(mutex);
          block_thread[begin] = std::this_thread::get_id();
        }
        for (Eigen::Index i = begin; i < end; ++i) ++hits[i];
      });
      return 0;
    });
    CAPTURE(size);
    CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
    for (const auto& [begin, thread] : block_thread) CHECK(begin % 8 == 0);
    // Two blocks on two threads once each holds at least kMinimumBlock entries, one below
    // (and always one on a single-core machine).
    const bool split = size >= 2 * kMinimumBlock && omp_get_num_procs() >= 2;
    CHECK(block_thread.size() == (split ? 2u : 1u));
    if (!block_thread.empty()) CHECK(block_thread.begin()->second == std::this_thread::get_id());
  }
}

TEST_CASE("parallel_matrix_blocks covers a matrix once, cut like gemm() cuts a product") {
  for (const auto& [rows, cols] : std::vector<std::pair<Eigen::Index, Eigen::Index>>{
           {1000, 32}, {32, 1000}, {300, 301}, {40, 40}, {7, 3}, {20, 2000}}) {
    std::vector<int> hits(rows * cols, 0);
    std::vector<std::thread::id> owner(rows * cols);
    with_threads(2, [&] {
      parallel_matrix_blocks(rows, cols, [&](Eigen::Index begin, Eigen::Index end) {
        for (Eigen::Index i = begin; i < end; ++i) ++hits[i], owner[i] = std::this_thread::get_id();
      });
      return 0;
    });
    CAPTURE(rows);
    CAPTURE(cols);
    CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
    if (rows * cols < 2 * kMinimumBlock || (cols <= rows ? rows : cols) < 2 * (cols <= rows ? 16 : 8) ||
        omp_get_num_procs() < 2)
      continue;  // one thread
    // The calling thread holds the rows (cols ≤ rows) or the columns before
    // split_edge(…, 2, align, 1), one thread the rest (a worker, or the caller when it took
    // the part back).
    const bool by_rows = cols <= rows;
    const Eigen::Index edge = split_edge(by_rows ? rows : cols, 2, by_rows ? 16 : 8, 1);
    const std::thread::id caller = std::this_thread::get_id();
    const std::thread::id second = owner[by_rows ? edge : edge * rows];
    int misplaced = 0;
    for (Eigen::Index c = 0; c < cols; ++c)
      for (Eigen::Index r = 0; r < rows; ++r)
        misplaced += owner[c * rows + r] != ((by_rows ? r : c) < edge ? caller : second);
    CHECK(misplaced == 0);
  }
}

TEST_CASE("sigmoid and SELU: same bits on 1 and 2 threads, and independent of an entry's place") {
  Rng rng(21);
  const Mat Z = 6 * random_normal(300, 101, rng);  // 30,300 entries: blocks on 2 threads
  for (const char* name : {"sigmoid", "selu"}) {
    const Activation act = parse_activation(name);
    for (int derivative = 0; derivative <= 3; ++derivative) {
      const Mat one = with_threads(1, [&] { return activate(act, Z, derivative); });
      const Mat two = with_threads(2, [&] { return activate(act, Z, derivative); });
      CAPTURE(name);
      CAPTURE(derivative);
      CHECK((one.array() == two.array()).all());
      // A few entries computed alone (a 1×1 matrix, padded) equal their value in the batch.
      for (Eigen::Index i : {0, 1, 7, 8191, 8192, 15000, 30299}) {
        const Mat alone = activate(act, Z.reshaped().segment(i, 1), derivative);
        CHECK(alone(0, 0) == one.reshaped()(i));
      }
      // And they are the function: against the scalar formula, to an ulp or two.
      for (Eigen::Index i = 0; i < Z.size(); i += 997) {
        const double scalar = activate(act, Z.reshaped()(i), derivative);
        CHECK(std::abs(one.reshaped()(i) - scalar) <= 4e-16 * std::max(1.0, std::abs(scalar)));
      }
    }
  }
}

TEST_CASE("optimizer steps on large parameters: same bits on 1 and 2 threads") {
  const std::vector<OptimizerConfig> configs = {
      Sgd{.lr = 0.1, .weight_decay = 0.01},
      Sgd{.lr = 0.1, .momentum = 0.9, .dampening = 0.1, .nesterov = true},
      RmsProp{.lr = 0.01, .weight_decay = 0.001, .momentum = 0.5},
      Adam{.lr = 0.01, .weight_decay = 0.01}};
  for (const OptimizerConfig& config : configs) {
    for (const auto& [rows, cols] : {std::pair{200, 150}, std::pair{150, 200}}) {  // row or column blocks
      auto run = [&] {
        Rng rng(22);
        Param p{random_normal(rows, cols, rng), {}};  // 30,000 entries: two blocks on 2 threads
        Optimizer opt(config, {&p});
        for (int step = 0; step < 3; ++step) {
          p.grad = p.value.cwiseProduct(p.value) - Mat::Constant(rows, cols, 0.3);  // a changing gradient
          opt.step();
        }
        return p.value;
      };
      const Mat one = with_threads(1, run), two = with_threads(2, run);
      CAPTURE(optimizer_name(config));
      CHECK((one.array() == two.array()).all());
    }
  }
}
