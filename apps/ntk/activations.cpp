// ntk-activations — NTK Fig. 5 and App. E.4: largest |λ| of trained 2-layer autoencoders against
// the input radius for sigmoid, tanh and erf, beside the kernel prediction ρ(J∞) (eq. 3), and the
// histograms of all eigenvalue moduli. The method and its substitutions are in
// lib/experiments/ntk/activations.hpp.
#include "lib/experiments/ntk/activations.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "ntk-activations",
                               "NTK Fig. 5: largest |λ| vs radius for sigmoid, tanh and erf; |λ| histograms",
                               memo::ntk::activations_presets(), memo::ntk::run_activations);
}
