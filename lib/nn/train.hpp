// Full-batch training: evaluate the loss, stop when it is below tol, otherwise one
// optimizer step; repeat up to max_epochs. A NaN or infinite loss stops training and is
// reported with its epoch (the train app exits 3 on it).
#pragma once
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
};

enum class TrainStatus { converged, max_epochs, diverged };

struct TrainResult {
  TrainStatus status = TrainStatus::max_epochs;
  long epochs = 0;            // optimizer steps taken
  double final_loss = 0;      // loss of the returned parameters
  double seconds = 0;
  std::vector<double> loss_history;  // loss before step 0, 1, …; ends with final_loss
  bool converged() const { return status == TrainStatus::converged; }
  std::string describe() const;  // one line: status, epochs, loss
};

// The general loop: `loss_fn` records the loss on the (cleared) tape and returns it.
using LossFunction = std::function<Var(Tape&)>;
TrainResult train(Optimizer& optimizer, const LossFunction& loss_fn, const TrainOptions& options);

// An MLP fitted to targets Y from inputs X (autoencoders: Y = X).
TrainResult train(Mlp& net, const Mat& X, const Mat& Y, LossKind loss_kind, Optimizer& optimizer,
                  const TrainOptions& options);

}  // namespace memo
