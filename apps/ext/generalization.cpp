// ext-generalization — EXT 3: training and validation loss of 2-layer sigmoid autoencoders in the
// report's five settings (width, training and validation points, mixed norms), whether the
// training points are attractors, and the kernel-regression (NTK eq. 2) validation loss beside
// it. The method and its substitutions are in lib/experiments/ntk/generalization.hpp.
#include "lib/experiments/ntk/generalization.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "ext-generalization",
                               "EXT 3: train vs validation loss, attractors, in the report's five settings",
                               memo::ntk::generalization_presets(), memo::ntk::run_generalization);
}
