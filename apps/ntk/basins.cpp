// ntk-basins — NTK Fig. 4a: recovery rate of noisy copies of 5 training examples under 50
// iterations of a trained 2-layer sigmoid autoencoder, against the noise std, for several input
// radii (larger r, larger basin), beside the kernel-regression limit f∞ (NTK eq. 2–3) iterated
// from the same copies. The method and its substitutions are in lib/experiments/ntk/basins.hpp.
#include "lib/experiments/ntk/basins.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "ntk-basins", "NTK Fig. 4a: recovery rate vs noise std for several radii",
                               memo::ntk::basins_presets(), memo::ntk::run_basins);
}
