// MEM Fig. 4 (§3): the recovery probability
//   R_t = P_{x0 ~ P_train} { min_{x̃ ∈ D_test} ‖f^t(x̃) − x0‖ < ε },
// the share of training images that some start reaches within ε after t iterations, for
// fully connected MNIST autoencoders of several widths at a fixed depth (left panel) and
// several depths at a fixed width (right panel). MEM: larger width and depth both raise R_t.
//
// MEM states neither ε, D_test nor the widths and depths of Fig. 4. Ours: D_test = --starts
// MNIST digits not used for training; ε = --epsilon · ‖x0‖ (relative, 0.1 by default: an image
// within 10% of a digit is visibly that digit); the widths and depths in the presets. Training:
// leaky ReLU, Adam lr 1e-4 until MSE < 1e-6 (see fc_autoencoder.hpp). Every network is one run
// of the sweep runner (resumable, --shard, mpirun), all on the same images; each run draws its
// own initialisation. paper: 1000 images and starts, widths 64…512 at depth 5, depths 1…9 at
// width 256; quick: 50 images and starts, widths 32…128 at depth 3, depths 1…5 at width 64,
// Adam lr 1e-3 for at most 3000 epochs (lr 1e-4 leaves them at MSE ~1e-2 in that budget).
//
// Measured at quick (seed 0): R_1000 is 0, 0, 0.04 over widths 32, 64, 128 and 0, 0, 0.02 over
// depths 1, 3, 5 (width 32 and depth 5 stop above MSE 1e-6): the direction of Fig. 4 at a
// small scale, far from its values. The paper preset was not run: about 0.2 s of CPU per epoch
// per network, so up to 100,000 epochs × 9 networks is hours to days.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"
#include "lib/experiments/mem/fc_autoencoder.hpp"

namespace memo::mem {

struct RecoverySettings {
  std::string dataset = "mnist";
  int images = 1000, starts = 1000, fixed_depth = 5, fixed_width = 256;
  std::vector<int> widths{64, 128, 256, 512}, depths{1, 3, 5, 7, 9};
  std::vector<int> iterations{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
  double epsilon = 0.1;
  FcNetworkSettings net{.max_epochs = 100000};
  int runs = 1;
  static constexpr bool sweeps = true;

  template <typename Field>
  void fields(Field&& field) {
    field("dataset", dataset, "image set");
    field("images", images, "training images", within(1, 10000));
    field("starts", starts, "D_test: images not used for training that iteration starts from", within(1, 10000));
    field("widths", widths, "left panel: hidden widths at --fixed-depth", within(1, 100000));
    field("fixed_depth", fixed_depth, "left panel: hidden layers", within(1, 1000));
    field("depths", depths, "right panel: hidden layers at --fixed-width", within(1, 1000));
    field("fixed_width", fixed_width, "right panel: hidden width", within(1, 100000));
    field("iterations", iterations, "the t at which R_t is measured (ascending)", within(1, 1e6));
    field("epsilon", epsilon, "x0 is recovered when ‖f^t(x̃) − x0‖ < epsilon·‖x0‖", positive());
    field("act", net.act, "activation of the hidden layers");
    field("init", net.init, "initialisation");
    field("optimizer", net.optimizer, "sgd (plain GD), rmsprop or adam");
    field("lr", net.lr, "learning rate", within(1e-12, 10));
    field("tol", net.tol, "train until the MSE is below this", positive());
    field("max_epochs", net.max_epochs, "training epoch limit", within(1, 1e9));
    field("runs", runs, "networks per setting (own initialisations); medians and quartiles are drawn", within(1, 1000));
  }
};

std::vector<std::pair<std::string, RecoverySettings>> recovery_presets();
// Comparisons "widths: R_T(widest) − R_T(narrowest)" and "depths: R_T(deepest) − R_T(shallowest)"
// (medians at the last t), and training; measured: median R_t per network.
ExperimentResult run_recovery(const RecoverySettings& settings, const ExperimentContext& context);

}  // namespace memo::mem
