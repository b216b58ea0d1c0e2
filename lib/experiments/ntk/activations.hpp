// NTK Fig. 5 (§5.6) and App. E.4: the sigmoidal activations sigmoid, tanh and erf side by side.
// 2-layer autoencoders n0 = 32 → width → 32 (NTK parametrisation, W ~ N(0, 1), no bias), 20
// examples on the sphere of radius r, trained as in NTK §5.1 (GD lr 1 on (1/2n)Σ‖f(x_i) − x_i‖²
// until the loss is below 1e-7). Shown: the largest eigenvalue modulus ρ(J) at the examples
// against r per activation, beside the kernel-regression prediction ρ(J∞) of NTK eq. 3 (from
// each network's own f0 and J0, with the activation's own kernel), and the histogram of all
// eigenvalue moduli per activation and radius (App. E.4).
//
// The paper's claims, compared: every activation's ρ(J) falls below 1 at large r (similar
// curves), while tanh and erf have ρ(J) above 1 at small r — their slope σ'(0) (1 and 2/√π,
// against the sigmoid's ¼) is too large for Lemma 3's condition, so unlike the sigmoid they do
// not get the (n − 1) eigenvalues near 1 and one below.
//
// Substitutions: the paper prints neither the radii nor the number of repetitions of Fig. 5; the
// presets choose them (paper: 100 repetitions as in §5.1). The quick preset trains width 1000
// (not 10,000) and 2 repetitions. As in the paper only runs that reached the loss enter the
// curves; the others are counted per setting and shown as well (all runs).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"
#include "theory/ntk_kernel.hpp"

namespace memo::ntk {

struct ActivationsSettings {
  int n0 = 32, points = 20, width = 1000, repetitions = 2, nodes = kDefaultNodes, bins = 30;
  std::string activations = "sigmoid,tanh,erf";
  std::vector<double> radii{2, 8, 32};
  double tol = 1e-7, histogram_max = 1.5;
  long max_epochs = 20000;
  static constexpr bool sweeps = true;

  template <typename Field>
  void fields(Field&& field) {
    field("n0", n0, "input dimension", at_least(1));
    field("points", points, "training examples (NTK §5.6: 20)", at_least(1));
    field("width", width, "hidden width", at_least(1));
    field("activations", activations, "comma-separated: sigmoid, tanh, erf, sigmoid_erf");
    field("radii", radii, "input radii r (norm of every example)", positive());
    field("repetitions", repetitions, "networks per activation and radius (NTK §5.1: 100)", at_least(1));
    field("tol", tol, "train until the loss is below this", positive());
    field("max_epochs", max_epochs, "GD step limit", at_least(1));
    field("bins", bins, "histogram bins of |λ| on [0, histogram_max]", within(1, 1000));
    field("histogram_max", histogram_max, "upper end of the histogram (larger moduli go in the last bin)", positive());
    field("nodes", nodes, "quadrature nodes of the kernel", at_least(8));
  }
};

// The activations named in `list`, each checked (the kernel's gradient needs a C³ sigmoidal one).
std::vector<std::string> activation_names(const std::string& list);

std::vector<std::pair<std::string, ActivationsSettings>> activations_presets();
ExperimentResult run_activations(const ActivationsSettings& settings, const ExperimentContext& context);

}  // namespace memo::ntk
