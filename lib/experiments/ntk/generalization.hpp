// EXT 3 (the 2023 report's "Attractor vs Generalization"): 2-layer sigmoid autoencoders as in
// NTK §5.1 (n0 = 32, NTK parametrisation, W ~ N(0, 1), no bias, GD lr 1 on (1/2n)Σ‖f(x_i) − x_i‖²)
// trained on points of norm 15, with the same loss of held-out validation points of the same
// distribution followed during training. The report's five settings (its Table 1):
//   1: width 1000, 100 train / 30 validation      4: width 50, 100 / 30, trained only to 1e-2
//   2: width 1000,  50 / 20                       5: width 1000, 100 / 30, norms uniform in [2, 1000]
//   3: width  100, 100 / 30
// The report's findings, compared: a train–validation gap of about 0.1 in setting 1 (its Fig. 3),
// about twice that with 50 points (setting 2, Fig. 4), and no generalisation with mixed norms
// (setting 5: the validation loss does not fall). Also measured: whether the training points are
// attractors (ρ(J) < 1 there), and the kernel-regression validation loss (NTK eq. 2: f∞ from the
// same initial network) where the kernel's quadrature is cheap (norms ≤ 50√n0, so not setting 5).
//
// Substitutions: the report prints neither its repetitions, its step limit, its validation
// points' distribution nor its loss's units; validation points are drawn like the training
// points, the loss is NTK's (1/2n)Σ‖·‖² and its per-coordinate mean (2/n0 times it, PyTorch's
// MSELoss) is reported beside it. quick runs 1 repetition per setting with at most 20,000 steps,
// paper 100 repetitions (as NTK §5.1) and 10^6 steps; a run stopped before its loss threshold is
// counted and shown. Setting 5 has its own step limit (quick 500, paper 5,000): its saturated sigmoids make
// subnormal numbers in the gradients, and where they were first measured (1 December 2026) a step
// took 60 ms instead of 4 ms. The penalty is the CPU's: on a 2-core Zen 4 EPYC (6 December) 5,000
// steps of setting 5 took 4.3 s, 0.86 ms a step, on one thread. Loss curves are
// sampled at steps 0, 1, 2, 5, 10, 20, 50, …; after a run stops its network no longer changes, so
// later samples repeat its final losses.
//
// Measured (quick preset, seed 0, one run per setting; medians of the paper preset not run):
//   setting 1: validation loss 2.61 (kernel f∞ 2.32), 10,580 steps to 1e-7; 10% of the training
//              points attract (ρ(J) < 1; largest ρ 1.13): with 100 points in R^32 the network is
//              close to the identity on the sphere, ρ ≈ 1;
//   setting 2: 12.1 (kernel 12.2), 96% attract; the gap ratio setting 2 / setting 1 is 4.6;
//   setting 3 (width 100) stops at loss 6.9e-6 after 20,000 steps, validation 11.1 against the
//              kernel's 2.27: far from the kernel at this width; setting 4 (width 50) reaches only
//              0.067, not 1e-2, in 20,000 steps; no training point attracts in either;
//   setting 5 (5,000 steps, --mixed-max-epochs 5000): the validation loss falls from 1.6e5 to
//              8.5e4 in the first 1,000 steps, then stays (8.6e4, 8.8e4 at 2,000, 5,000) while the
//              training loss falls to 427: the report's "does not decrease" holds after the
//              first 1,000 steps, not from the start.
// The loss units: in NTK's (1/2n)Σ‖·‖² the setting-1 gap (2.6) is 26× the report's 0.1; as a
// per-coordinate mean (PyTorch's default MSELoss, 2/n0 times it) it is 0.16, close to 0.1, so
// that reading matches the report. The ratio of the gaps does not depend on the units: 4.6
// here, not the report's 2 (positive-orthant points, --positive true, give 0.036 and 4.2).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"
#include "theory/ntk_kernel.hpp"

namespace memo::ntk {

struct GeneralizationSettings {
  int n0 = 32, repetitions = 1, nodes = kDefaultNodes;
  std::vector<int> settings{1, 2, 3, 4, 5};
  double radius = 15, mixed_min = 2, mixed_max = 1000, tol = 1e-7, loose_tol = 1e-2;
  bool positive = false;
  long max_epochs = 20000, mixed_max_epochs = 500;
  static constexpr bool sweeps = true;  // points = settings, repetitions = fresh data and network

  template <typename Field>
  void fields(Field&& field) {
    field("n0", n0, "input dimension", within(1, 4096));
    field("settings", settings, "which of the report's 5 settings to run (see the header)", within(1, 5));
    field("radius", radius, "norm of the points in settings 1-4", within(1e-3, 1e3));
    field("mixed_min", mixed_min, "setting 5: smallest norm", within(1e-3, 1e4));
    field("mixed_max", mixed_max, "setting 5: largest norm (above mixed_min)", within(1e-3, 1e4));
    field("tol", tol, "loss threshold of settings 1-3 and 5", within(1e-14, 1));
    field("loose_tol", loose_tol, "loss threshold of setting 4", within(1e-14, 10));
    field("positive", positive, "draw the directions in the positive orthant (|g|) instead of uniformly");
    field("repetitions", repetitions, "data sets and networks per setting (NTK §5.1: 100)", within(1, 10000));
    field("max_epochs", max_epochs, "GD step limit of settings 1-4", within(1, 1e9));
    field("mixed_max_epochs", mixed_max_epochs, "GD step limit of setting 5 (see the header: slow on some CPUs)",
          within(1, 1e9));
    field("nodes", nodes, "quadrature nodes of the kernel", within(8, 100000));
  }
};

// The report's Table 1 row `setting` (1-5): hidden width, training and validation points.
struct GeneralizationSetup {
  int width = 1000, train = 100, validation = 30;
  bool mixed_norms = false, loose = false;
};
GeneralizationSetup generalization_setup(int setting);

// Data set k (training points first, then validation points, one draw) is drawn from
// generalization_data_seed(seed, k) in every setting, so settings 1, 3 and 4 see the same points;
// the network of setting t, repetition k from generalization_network_seed(seed, t, k).
std::uint64_t generalization_data_seed(std::uint64_t seed, int repetition);
std::uint64_t generalization_network_seed(std::uint64_t seed, int setting, int repetition);

// The steps at which the loss curves are sampled: 0, 1, 2, 5, 10, 20, 50, … up to max_epochs.
std::vector<long> curve_steps(long max_epochs);

std::vector<std::pair<std::string, GeneralizationSettings>> generalization_presets();
ExperimentResult run_generalization(const GeneralizationSettings& settings, const ExperimentContext& context);

}  // namespace memo::ntk
