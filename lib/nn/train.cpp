#include "lib/nn/train.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>

#include "lib/cli/progress.hpp"

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

TrainResult train(Optimizer& optimizer, const LossFunction& loss_fn, const TrainOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  TrainResult result;
  Progress progress(!options.quiet);
  const Checkpointing& checkpointing = options.checkpoint;
  const bool checkpoints = !checkpointing.path.empty();
  if (checkpoints && !(checkpointing.every_minutes > 0))
    throw Error(fmt::format("checkpoint interval {} minutes must be > 0", checkpointing.every_minutes));
  long first_epoch = 0;
  if (checkpoints && std::filesystem::exists(checkpointing.path)) {
    Checkpoint resumed = load_checkpoint(checkpointing, optimizer);
    first_epoch = resumed.epoch;
    if (options.keep_history) result.loss_history = std::move(resumed.loss_history);
  }
  const auto interval = std::chrono::duration<double, std::ratio<60>>(checkpointing.every_minutes);
  auto last_checkpoint = std::chrono::steady_clock::now();
  Tape tape;
  for (long epoch = first_epoch;; ++epoch) {
    if (checkpoints && epoch > first_epoch && std::chrono::steady_clock::now() - last_checkpoint >= interval) {
      save_checkpoint(checkpointing, optimizer, {.epoch = epoch, .loss_history = result.loss_history});
      last_checkpoint = std::chrono::steady_clock::now();
    }
    tape.clear();
    const Var loss = loss_fn(tape);
    const double value = tape.scalar(loss);
    result.epochs = epoch;
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
    optimizer.zero_grad();
    tape.backward(loss);
    optimizer.step();
  }
  if (checkpoints) std::filesystem::remove(checkpointing.path);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

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
  return train(
      optimizer,
      [&](Tape& tape) { return loss(loss_kind, forward(net, tape.constant(X)), Y); },
      options);
}

}  // namespace memo
