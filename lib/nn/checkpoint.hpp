// Checkpoints of one long training (AM Fig. 2 and Tables S1/S2 at paper scale train for hours):
// the parameters, the optimizer's state and step count, the epoch, the loss history and the
// caller's random generator, written atomically (write, then rename). A training resumed from
// one takes exactly the steps the uninterrupted training takes from that epoch, so it ends
// with bit-identical weights.
#pragma once
#include <string>
#include <vector>

#include "lib/core/random.hpp"
#include "lib/nn/optimizer.hpp"

namespace memo {

struct Checkpointing {
  std::string path;          // empty: no checkpoints
  double every_minutes = 0;  // wall-clock time between two checkpoints (> 0 when path is set)
  Rng* rng = nullptr;        // a generator of the caller's, saved and restored with the rest
  // What defines the training (e.g. its flags as text): a checkpoint of another training is
  // refused, not resumed.
  std::string identity;
};

struct Checkpoint {
  long epoch = 0;                    // optimizer steps taken
  std::vector<double> loss_history;  // losses before steps 0 … epoch−1 (empty without history)
  // Minibatches (lib/nn/train.hpp): `epoch` counts steps, loss_history holds the epochs
  // completed, and these are the batch losses of the epoch under way, each times its share of
  // the examples (summed in order, they give the epoch's loss exactly as without the break).
  std::vector<double> epoch_batch_losses = {};
};

// Writes the state of `optimizer` (its parameters' values and its update state) after
// `checkpoint.epoch` steps.
void save_checkpoint(const Checkpointing& where, const Optimizer& optimizer, const Checkpoint& checkpoint);

// Puts a checkpoint's parameters, optimizer state and generator back. Throws Error when the
// file is unreadable, or was written by a training of another identity or other shapes.
Checkpoint load_checkpoint(const Checkpointing& where, Optimizer& optimizer);

}  // namespace memo
