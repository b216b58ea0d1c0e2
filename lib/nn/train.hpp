// Training loops. Full batch (the default): evaluate the loss, stop when it is below tol,
// otherwise one optimizer step; repeat up to max_epochs. Minibatches (batch_size > 0, PyTorch's
// DataLoader with shuffle=True, drop_last=False): each epoch visits the examples in a fresh
// order drawn from shuffle_seed and the epoch, one optimizer step per batch, the last batch
// holding the remainder; the epoch's loss is the mean of its batch losses weighted by batch
// size (the running loss of a PyTorch loop), and training stops after the first epoch whose
// loss is below tol. A NaN or infinite loss stops training and is reported with its epoch (the
// train app exits 3 on it).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>
#include "lib/nn/checkpoint.hpp"
#include "lib/nn/mlp.hpp"
#include "lib/autodiff/ops.hpp"
#include "lib/nn/optimizer.hpp"

namespace memo {

struct TrainOptions {
  double tol = 0;              // stop as soon as loss < tol (0: never)
  long max_epochs = 1000;
  bool quiet = false;          // no progress line even on a terminal
  bool keep_history = true;    // record the loss at every epoch
  // Called after each loss evaluation (epoch counts steps taken so far).
  std::function<void(long epoch, double loss)> on_epoch = {};
  // With a path: resume from the checkpoint there when it exists, write one every
  // every_minutes, and delete it when training ends (the result is then in the caller's hands).
  Checkpointing checkpoint = {};
  // 0: full batch. Otherwise examples per optimizer step (a batch of all examples or more is
  // the full batch in its given order: shuffling would only reorder the terms of one sum).
  long batch_size = 0;
  std::uint64_t shuffle_seed = 0;  // the example order of epoch e is epoch_order(n, shuffle_seed, e)
};

enum class TrainStatus { converged, max_epochs, diverged };

struct TrainResult {
  TrainStatus status = TrainStatus::max_epochs;
  long epochs = 0;            // full batch: optimizer steps taken; minibatches: epochs completed
  long steps = 0;             // optimizer steps taken
  double final_loss = 0;      // loss of the returned parameters (on every example)
  double seconds = 0;
  // Full batch: loss before step 0, 1, …, ending with final_loss. Minibatches: the loss of
  // epoch 0, 1, … (mean batch loss), then final_loss.
  std::vector<double> loss_history;
  bool converged() const { return status == TrainStatus::converged; }
  std::string describe() const;  // one line: status, epochs, loss
};

// The general loop: `loss_fn` records the loss on the (cleared) tape and returns it.
using LossFunction = std::function<Var(Tape&)>;
TrainResult train(Optimizer& optimizer, const LossFunction& loss_fn, const TrainOptions& options);

// The same loop for any way of computing a step: `evaluate` returns the loss of the current
// parameters, `descend` then takes one optimizer step from them (the loop above runs the tape;
// train(Mlp, …) may run lib/nn/two_layer_step instead).
TrainResult train_steps(Optimizer& optimizer, const std::function<double()>& evaluate,
                        const std::function<void()>& descend, const TrainOptions& options);

// Minibatches: `batch_loss` records on the (cleared) tape the loss on the examples `columns`
// (of `examples`) and returns it; a mean over them (both LossKinds are), so that weighting by
// batch size makes the epoch's loss the mean over all examples. options.batch_size > 0.
using BatchLossFunction = std::function<Var(Tape&, const std::vector<Eigen::Index>& columns)>;
TrainResult train_minibatches(Optimizer& optimizer, const BatchLossFunction& batch_loss, Eigen::Index examples,
                              const TrainOptions& options);

// The order in which epoch `epoch` visits examples 0 … n−1: a uniform permutation drawn from
// run_seed(shuffle_seed, epoch) alone, so a resumed training redraws it from the epoch number.
std::vector<Eigen::Index> epoch_order(Eigen::Index n, std::uint64_t shuffle_seed, long epoch);

// An MLP fitted to targets Y from inputs X (autoencoders: Y = X), full batch or in minibatches
// (options.batch_size). A network of two layers trained full batch (with an identity output)
// takes the hand-written step of lib/nn/two_layer_step, cut by hidden unit over the threads
// from 2^17 multiply-adds per product; every other one runs on the tape, on one thread below
// 2^19 (see train.cpp).
TrainResult train(Mlp& net, const Mat& X, const Mat& Y, LossKind loss_kind, Optimizer& optimizer,
                  const TrainOptions& options);

}  // namespace memo
