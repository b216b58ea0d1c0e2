// NTK Fig. 4a (§5.4): basins of attraction of trained 2-layer sigmoid autoencoders. Five
// examples on the sphere of radius r in R^32, a width-10,000 network trained as in NTK §5.1 (NTK
// parametrisation, W ~ N(0, 1), no bias, GD lr 1 on (1/2n)Σ‖f(x_i) − x_i‖² until the loss is
// below 1e-7); every example gets `copies` copies with Gaussian noise of std s added (NTK's
// "noise radius"), and a copy is recovered when within 50 iterations of f its MSE to its own
// example falls below 1e-2 (lib/dynamics/iteration.hpp, the ntk rule). The paper's claim: the
// recovery rate falls with s, more slowly for larger r (larger r, larger basin).
//
// Beside the trained network, the kernel-regression limit of the same initial network (NTK eq.
// 2–3: f∞(x) = (X − f0(X)) K̃⁻¹ k_x + f0(x)) is iterated from the very same noisy copies
// (`kernel_map`), and ρ(J∞) (eq. 3) is reported next to the trained ρ(J) at every example.
//
// Substitutions: the paper prints neither the radii, the noise levels nor the number of noisy
// copies; the presets choose them. The quick preset trains width 1000 (not 10,000) and 4
// repetitions (not 100), and iterates the kernel map from fewer copies. Runs that do not reach
// the loss within max_epochs are counted per radius and shown both ways: all runs, and only the
// converged ones.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/dynamics/dynamical_map.hpp"
#include "lib/experiments/experiment.hpp"
#include "theory/kernel_regression.hpp"

namespace memo::ntk {

struct BasinsSettings {
  int n0 = 32, points = 5, width = 1000, copies = 20, iterations = 50, repetitions = 4, nodes = kDefaultNodes;
  std::vector<double> radii{2, 8, 32};
  std::vector<double> noise{0, 0.5, 1, 2, 4, 8};
  double tol = 1e-7, match_mse = 1e-2;
  long max_epochs = 20000;
  // Copies per example iterated under the kernel map f∞ as well (the first ones of the
  // trained map's copies); 0: none. Each step of f∞ costs n kernel evaluations by quadrature.
  int kernel_copies = 2;
  static constexpr bool sweeps = true;

  template <typename Field>
  void fields(Field&& field) {
    field("n0", n0, "input dimension", at_least(1));
    field("points", points, "training examples", at_least(1));
    field("width", width, "hidden width", at_least(1));
    field("radii", radii, "input radii r (norm of every example)", positive());
    field("noise", noise, "std of the Gaussian noise added to every coordinate", within(0, 1e6));
    field("copies", copies, "noisy copies per example and noise level", at_least(1));
    field("iterations", iterations, "iterations of f per copy (NTK §5.4: 50)", at_least(1));
    field("match_mse", match_mse, "recovered when the MSE to the example is below this", positive());
    field("repetitions", repetitions, "networks per radius (NTK §5.1: 100)", at_least(1));
    field("tol", tol, "train until the loss is below this", positive());
    field("max_epochs", max_epochs, "GD step limit", at_least(1));
    field("kernel_copies", kernel_copies, "copies per example also iterated under the kernel map f∞ (0: none)",
          at_least(0));
    field("nodes", nodes, "quadrature nodes of the kernel", at_least(8));
  }
};

// The kernel-regression limit of the initial network `initial` (NTK eq. 2–3) as a map to
// iterate: f∞(x) = (X − f0(X)) K̃⁻¹ k_x + f0(x), with Jacobian J∞(x) = (X − f0(X)) K̃⁻¹ ∂k_x/∂x
// + J0(x). `fit` and `initial` are captured by reference and must outlive the map.
DynamicalMap kernel_limit_map(const KernelRegression& fit, const Mlp& initial);

std::vector<std::pair<std::string, BasinsSettings>> basins_presets();
ExperimentResult run_basins(const BasinsSettings& settings, const ExperimentContext& context);

// NTK Fig. 4b (§5.5): the same on MNIST training digits (load_image_set("mnist")), pixels in
// [0, 1], the mean image of the 60,000 subtracted, each digit rescaled to norm r. Each network
// gets its own `points` digits, drawn class-balanced from its seed. The paper gives neither the
// number of digits nor the width: 5 digits (as Fig. 4a) and width 10,000 in the paper preset;
// the quick preset uses width 1000 on digits block-averaged to 14×14 (n0 = 196, not 784), so
// that the eigenvalues at the examples and the kernel map stay cheap. MNIST's linear region is
// wider (r < 2√n0 = 28 at 14×14, 56 at 28×28): its radii are larger than Fig. 4a's.
struct MnistBasinsSettings {
  int points = 5, width = 1000, copies = 10, iterations = 50, repetitions = 3, nodes = kDefaultNodes;
  int downsample = 2;  // block-average factor: 28×28 → 14×14
  std::vector<double> radii{7, 28, 112};
  std::vector<double> noise{0, 0.5, 1, 2, 4, 8};
  double tol = 1e-7, match_mse = 1e-2;
  long max_epochs = 20000;
  int kernel_copies = 2;
  static constexpr bool sweeps = true;

  template <typename Field>
  void fields(Field&& field) {
    field("points", points, "training digits per network", within(1, 1000));
    field("width", width, "hidden width", at_least(1));
    field("downsample", downsample, "block-average factor of the 28×28 digits (1, 2, 4, 7, 14 or 28)", within(1, 28));
    field("radii", radii, "input radii r (norm of every digit after the mean is subtracted)", positive());
    field("noise", noise, "std of the Gaussian noise added to every pixel", within(0, 1e6));
    field("copies", copies, "noisy copies per digit and noise level", at_least(1));
    field("iterations", iterations, "iterations of f per copy (NTK §5.4: 50)", at_least(1));
    field("match_mse", match_mse, "recovered when the MSE to the digit is below this", positive());
    field("repetitions", repetitions, "networks per radius (NTK §5.1: 100)", at_least(1));
    field("tol", tol, "train until the loss is below this", positive());
    field("max_epochs", max_epochs, "GD step limit", at_least(1));
    field("kernel_copies", kernel_copies, "copies per digit also iterated under the kernel map f∞ (0: none)",
          at_least(0));
    field("nodes", nodes, "quadrature nodes of the kernel", at_least(8));
  }
};

std::vector<std::pair<std::string, MnistBasinsSettings>> mnist_basins_presets();
ExperimentResult run_mnist_basins(const MnistBasinsSettings& settings, const ExperimentContext& context);

}  // namespace memo::ntk
