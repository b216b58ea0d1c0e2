// MEM App. I.2 and Fig. 12: memorisation needs an initialisation close to zero.
//
// Linear (App. I.2): a linear autoencoder trained by GD from A(0) ≠ 0 converges to
// A(∞) = P + A(0)(I − P), P = X X⁺, and by Weyl's inequality σ_i(A(∞)) ≤ σ_i(P) + ‖A(0)(I − P)‖:
// the singular values stay those of the minimum-norm solution up to the size of the
// initialisation. This part is mem-linear's second run (lib/experiments/mem/linear.hpp).
//
// Nonlinear (Fig. 12): the Fig. 3a network (7 hidden layers of 128 units) with leaky ReLU,
// initialised by Xavier uniform/normal (gain 1), Kaiming uniform/normal (gain √2, biases zero)
// and PyTorch's default, is trained on one MNIST image (Fig. 12 gives "the output for the
// training example", one per panel; --images takes more). Measured per initialisation: the
// ℓ2 norm of the output at the training example before training (MEM: larger for Kaiming), and
// after training how far the outputs f(z) of standard normal inputs z (as in MEM Figs. 9–10) lie
// from the nearest training example, relative to its norm (MEM: noisier for Kaiming).
// Substitution: MEM's panels are pictures; the numbers here are our reading of them. MEM
// names no optimizer: Adam, lr 1e-4, until MSE < 1e-6 (see fc_autoencoder.hpp).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::mem {

struct InitSettings {
  // linear part (App. I.2)
  int linear_dim = 30, linear_examples = 5;
  double init_std = 0.1;
  long linear_epochs = 20000;
  // nonlinear part (Fig. 12)
  std::string dataset = "mnist", inits = "xavier_uniform,xavier_normal,kaiming_uniform,kaiming_normal,default";
  int images = 1, random_inputs = 100, depth = 7, width = 128;
  std::string act = "leaky_relu", optimizer = "adam";
  double lr = 1e-4, tol = 1e-6;
  long max_epochs = 20000;
  static constexpr bool sweeps = true;  // one training per initialisation

  template <typename Field>
  void fields(Field&& field) {
    field("linear_dim", linear_dim, "linear part: dimension d", within(2, 2000));
    field("linear_examples", linear_examples, "linear part: examples n (n < d)", at_least(1));
    field("init_std", init_std, "linear part: standard deviation of the entries of A(0)", within(1e-12, 1e3));
    field("linear_epochs", linear_epochs, "linear part: GD steps", within(1, 1e9));
    field("dataset", dataset, "nonlinear part: image set");
    field("inits", inits, "nonlinear part: initialisations, comma-separated");
    field("images", images, "nonlinear part: training images", within(1, 10000));
    field("random_inputs", random_inputs, "standard normal inputs fed to each trained network", within(1, 100000));
    field("depth", depth, "hidden layers", within(1, 1000));
    field("width", width, "hidden width", within(1, 100000));
    field("act", act, "activation of the hidden layers");
    field("optimizer", optimizer, "sgd (plain GD), rmsprop or adam");
    field("lr", lr, "learning rate", within(1e-12, 10));
    field("tol", tol, "train until the MSE is below this", positive());
    field("max_epochs", max_epochs, "training epoch limit", within(1, 1e9));
  }
};

std::vector<std::pair<std::string, InitSettings>> init_presets();
// Comparisons "linear: max|A(∞) − (P + A(0)(I − P))|", "linear: Weyl bound …", and, when the
// inits include Kaiming and others, "Kaiming ÷ other: output norm before training" and
// "Kaiming ÷ other: output noise"; measured: per initialisation norms, losses and distances.
ExperimentResult run_init(const InitSettings& settings, const ExperimentContext& context);

}  // namespace memo::mem
