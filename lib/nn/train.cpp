#include "lib/nn/train.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <omp.h>
#include <optional>

#include "datasets/selection.hpp"
#include "lib/cli/progress.hpp"
#include "lib/compute/parallel.hpp"
#include "lib/compute/team.hpp"
#include "lib/nn/two_layer_step.hpp"

namespace memo {

std::string TrainResult::describe() const {
  switch (status) {
    case TrainStatus::converged:
      return fmt::format("converged after {} epochs, loss {:.3e}", epochs, final_loss);
    case TrainStatus::max_epochs:
      return fmt::format("stopped at the epoch limit {}, loss {:.3e}", epochs, final_loss);
    case TrainStatus::diverged:
      return fmt::format("diverged at epoch {}: loss {}", epochs, final_loss);
  }
  return {};
}

namespace {

bool uses_checkpoints(const Checkpointing& checkpointing) {
  if (checkpointing.path.empty()) return false;
  if (!(checkpointing.every_minutes > 0))
    throw Error(fmt::format("checkpoint interval {} minutes must be > 0", checkpointing.every_minutes));
  return true;
}

}  // namespace

TrainResult train(Optimizer& optimizer, const LossFunction& loss_fn, const TrainOptions& options) {
  Tape tape;
  Var loss;
  return train_steps(
      optimizer,
      [&] {
        tape.clear();
        loss = loss_fn(tape);
        return tape.scalar(loss);
      },
      [&] {
        optimizer.zero_grad();
        tape.backward(loss);
        optimizer.step();
      },
      options);
}

TrainResult train_steps(Optimizer& optimizer, const std::function<double()>& evaluate,
                        const std::function<void()>& descend, const TrainOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  TrainResult result;
  Progress progress(!options.quiet);
  const Checkpointing& checkpointing = options.checkpoint;
  const bool checkpoints = uses_checkpoints(checkpointing);
  long first_epoch = 0;
  if (checkpoints && std::filesystem::exists(checkpointing.path)) {
    Checkpoint resumed = load_checkpoint(checkpointing, optimizer);
    first_epoch = resumed.epoch;
    if (options.keep_history) result.loss_history = std::move(resumed.loss_history);
  }
  const auto interval = std::chrono::duration<double, std::ratio<60>>(checkpointing.every_minutes);
  auto last_checkpoint = std::chrono::steady_clock::now();
  for (long epoch = first_epoch;; ++epoch) {
    if (checkpoints && epoch > first_epoch && std::chrono::steady_clock::now() - last_checkpoint >= interval) {
      save_checkpoint(checkpointing, optimizer, {.epoch = epoch, .loss_history = result.loss_history});
      last_checkpoint = std::chrono::steady_clock::now();
    }
    const double value = evaluate();
    result.epochs = result.steps = epoch;
    result.final_loss = value;
    if (options.keep_history) result.loss_history.push_back(value);
    if (options.on_epoch) options.on_epoch(epoch, value);
    progress.update(epoch, value);
    if (!std::isfinite(value)) {
      result.status = TrainStatus::diverged;
      break;
    }
    if (value < options.tol) {
      result.status = TrainStatus::converged;
      break;
    }
    if (epoch >= options.max_epochs) {
      result.status = TrainStatus::max_epochs;
      break;
    }
    descend();
  }
  if (checkpoints) std::filesystem::remove(checkpointing.path);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::vector<Eigen::Index> epoch_order(Eigen::Index n, std::uint64_t shuffle_seed, long epoch) {
  std::vector<Eigen::Index> order(static_cast<size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) order[i] = i;
  Rng rng(run_seed(shuffle_seed, static_cast<std::uint64_t>(epoch)));
  for (Eigen::Index i = n - 1; i > 0; --i)
    std::swap(order[i], order[uniform_index(rng, static_cast<std::uint64_t>(i) + 1)]);
  return order;
}

TrainResult train_minibatches(Optimizer& optimizer, const BatchLossFunction& batch_loss, Eigen::Index examples,
                              const TrainOptions& options) {
  if (options.batch_size < 1) throw Error(fmt::format("batch size {}: expected at least 1", options.batch_size));
  if (examples < 1) throw Error("no training examples (the data has 0 columns)");
  const auto start = std::chrono::steady_clock::now();
  TrainResult result;
  Progress progress(!options.quiet);
  const Checkpointing& checkpointing = options.checkpoint;
  const bool checkpoints = uses_checkpoints(checkpointing);
  const Eigen::Index n = examples, batch = std::min<Eigen::Index>(options.batch_size, n);
  const long batches = static_cast<long>((n + batch - 1) / batch);
  std::vector<Eigen::Index> in_order(static_cast<size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) in_order[i] = i;
  // The epoch under way: its batch losses, each times its batch's share of the examples.
  std::vector<double> shares;
  long step = 0;
  if (checkpoints && std::filesystem::exists(checkpointing.path)) {
    Checkpoint resumed = load_checkpoint(checkpointing, optimizer);
    step = resumed.epoch;
    if (options.keep_history) result.loss_history = std::move(resumed.loss_history);
    shares = std::move(resumed.epoch_batch_losses);
    if (static_cast<long>(shares.size()) != step % batches)
      throw Error(fmt::format("checkpoint {}: {} batch losses after step {}, expected {} ({} batches per epoch)",
                              checkpointing.path, shares.size(), step, step % batches, batches));
  }
  const long first_step = step;
  const auto interval = std::chrono::duration<double, std::ratio<60>>(checkpointing.every_minutes);
  auto last_checkpoint = std::chrono::steady_clock::now();
  Tape tape;
  result.status = TrainStatus::max_epochs;
  for (long epoch = step / batches; epoch < options.max_epochs; ++epoch) {
    const std::vector<Eigen::Index> order = batches == 1 ? in_order : epoch_order(n, options.shuffle_seed, epoch);
    bool diverged = false;
    for (long b = step % batches; b < batches; ++b) {
      if (checkpoints && step > first_step && std::chrono::steady_clock::now() - last_checkpoint >= interval) {
        save_checkpoint(checkpointing, optimizer,
                        {.epoch = step, .loss_history = result.loss_history, .epoch_batch_losses = shares});
        last_checkpoint = std::chrono::steady_clock::now();
      }
      const Eigen::Index begin = b * batch, end = std::min(n, begin + batch);
      const std::vector<Eigen::Index> columns(order.begin() + begin, order.begin() + end);
      tape.clear();
      const Var loss = batch_loss(tape, columns);
      const double value = tape.scalar(loss);
      if (!std::isfinite(value)) {
        result.final_loss = value;
        diverged = true;
        break;
      }
      shares.push_back(value * (static_cast<double>(end - begin) / static_cast<double>(n)));
      optimizer.zero_grad();
      tape.backward(loss);
      optimizer.step();
      ++step;
    }
    result.epochs = diverged ? epoch : epoch + 1;
    result.steps = step;
    if (diverged) {
      result.status = TrainStatus::diverged;
      break;
    }
    double epoch_loss = 0;
    for (const double share : shares) epoch_loss += share;
    shares.clear();
    if (options.keep_history) result.loss_history.push_back(epoch_loss);
    if (options.on_epoch) options.on_epoch(epoch + 1, epoch_loss);
    progress.update(epoch + 1, epoch_loss);
    if (!std::isfinite(epoch_loss)) {
      result.status = TrainStatus::diverged;
      result.final_loss = epoch_loss;
      break;
    }
    if (epoch_loss < options.tol) {
      result.status = TrainStatus::converged;
      break;
    }
  }
  if (result.status != TrainStatus::diverged) {
    // The loss of the returned parameters on every example, a batch at a time (memory).
    result.final_loss = 0;
    for (Eigen::Index begin = 0; begin < n; begin += batch) {
      const Eigen::Index end = std::min(n, begin + batch);
      tape.clear();
      const double value =
          tape.scalar(batch_loss(tape, std::vector<Eigen::Index>(in_order.begin() + begin, in_order.begin() + end)));
      result.final_loss += value * (static_cast<double>(end - begin) / static_cast<double>(n));
    }
    if (options.keep_history) result.loss_history.push_back(result.final_loss);
    if (!std::isfinite(result.final_loss)) result.status = TrainStatus::diverged;
  }
  if (checkpoints) std::filesystem::remove(checkpointing.path);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

namespace {

// Below this mean work per product (multiply-adds), an MLP's training step runs on one thread.
// A step's products and elementwise passes must be split over the threads together or not at
// all: a pass on one thread after a product on two (or the reverse) reads what the other core
// wrote, and the 2-thread NTK step at width 1000, n = 5 took 100–160 µs with its passes or its
// products alone split, against 70–90 with neither or both. Both split pays only above about
// 5·10⁵ per product: width 1000 on the AVX-512 Xeon, 2000 GD steps, medians of 5 side by side,
// one thread against two: n = 5 (1.6·10⁵ per product) 79 against 85 µs, n = 10 119 against 126,
// n = 14 150 against 167, n = 20 (6.4·10⁵) 232 against 208.
constexpr double kStepSplitWork = 512.0 * 1024;

// The same for a network of two layers trained full batch by lib/nn/two_layer_step, whose step
// is one handoff, not a dozen: cut by hidden unit it pays from about 10⁵ multiply-adds per
// product. Zen 4, 32 → w → 32 sigmoid, GD, 50,000 steps on two threads, cut against one part:
// w = 256, n = 20 (1.6·10⁵) 1.51–1.62 against 2.24–2.26 s; w = 128, n = 20 (8.2·10⁴) 0.81–1.40
// against 1.14–1.16; w = 400, n = 5 and w = 1000, n = 2 (6.4·10⁴) 0.97–1.80 against 1.10–1.63.
constexpr double kTwoLayerSplitWork = 128.0 * 1024;

// The mean multiply-adds of the products of one step on `batch` examples: per layer the
// forward product and the weight gradient's, and the input gradient's for every layer but the
// first (m·k·n each).
double mean_product_work(const Mlp& net, Eigen::Index batch) {
  double work = 0, products = 0;
  for (size_t l = 0; l + 1 < net.widths.size(); ++l) {
    const double count = l == 0 ? 2 : 3;
    work += count * double(net.widths[l]) * net.widths[l + 1] * double(batch);
    products += count;
  }
  return products > 0 ? work / products : 0;
}

}  // namespace

TrainResult train(Mlp& net, const Mat& X, const Mat& Y, LossKind loss_kind, Optimizer& optimizer,
                  const TrainOptions& options) {
  if (X.cols() != Y.cols())
    throw Error(fmt::format("{} inputs but {} targets", X.cols(), Y.cols()));
  if (X.rows() != net.input_dim() || Y.rows() != net.output_dim())
    throw Error(fmt::format("widths {}…{} do not match data of dimension {} → {}", net.input_dim(),
                            net.output_dim(), X.rows(), Y.rows()));
  // Bad input, not divergence: with no examples or NaN weights the first loss is NaN.
  if (X.cols() == 0) throw Error("no training examples (the data has 0 columns)");
  if (!X.allFinite() || !Y.allFinite()) throw Error("the training data contains NaN or infinity");
  for (size_t l = 0; l < net.layers.size(); ++l)
    if (!net.layers[l].weight.value.allFinite() || (net.layers[l].has_bias && !net.layers[l].bias.value.allFinite()))
      throw Error(fmt::format("the initial weights of layer {} contain NaN or infinity", l));
  const Eigen::Index batch = options.batch_size > 0 ? std::min<Eigen::Index>(options.batch_size, X.cols()) : X.cols();
  if (options.batch_size == 0 && two_layer_step_applies(net, optimizer)) {
    const int parts = mean_product_work(net, batch) < kTwoLayerSplitWork ? 1 : pass_threads();
    std::optional<ComputeThreadsScope> one_thread;
    if (parts == 1 && !omp_in_parallel()) one_thread.emplace(1);
    TwoLayerStep step(net, X, Y, loss_kind, optimizer, parts);
    return train_steps(optimizer, [&] { return step.loss(); }, [&] { step.descend(); }, options);
  }
  std::optional<ComputeThreadsScope> one_thread;
  if (!omp_in_parallel() && compute_threads() > 1 && mean_product_work(net, batch) < kStepSplitWork)
    one_thread.emplace(1);
  if (options.batch_size > 0)
    return train_minibatches(
        optimizer,
        [&](Tape& tape, const std::vector<Eigen::Index>& columns) {
          return loss(loss_kind, forward(net, tape.constant(X(Eigen::all, columns))), Y(Eigen::all, columns));
        },
        X.cols(), options);
  return train(
      optimizer,
      [&](Tape& tape) { return loss(loss_kind, forward(net, tape.constant(X)), Y); },
      options);
}

}  // namespace memo
