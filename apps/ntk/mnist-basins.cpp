// ntk-mnist-basins — NTK Fig. 4b: the recovery rate of noisy copies of mean-subtracted MNIST
// digits rescaled to norm r under 50 iterations of a trained 2-layer sigmoid autoencoder, against
// the noise std, for several radii, beside the kernel limit f∞ (NTK eq. 2–3). The method and its
// substitutions (digits, width, 14×14 in the quick preset) are in lib/experiments/ntk/basins.hpp.
#include "lib/experiments/ntk/basins.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "ntk-mnist-basins",
                               "NTK Fig. 4b: recovery rate vs noise std on MNIST digits for several radii",
                               memo::ntk::mnist_basins_presets(), memo::ntk::run_mnist_basins);
}
