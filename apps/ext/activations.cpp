// ext-activations — EXT 1: NTK Fig. 2 with tanh and with ReLU. The report reads tanh as behaving
// like the sigmoid (the difference falls with depth) and ReLU at 4 layers as having a large
// difference; the comparisons say whether they do here. The kernel predicts tanh only: ∂Θ/∂x
// does not exist for ReLU at the training point. The radii stop at 6 because GD with lr 1
// diverges for ReLU once r > 8 at L = 2 (lib/experiments/ntk/single_example.cpp).
#include "lib/experiments/ntk/single_example.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "ext-activations", "EXT 1: NTK Fig. 2 with tanh and with ReLU",
                               memo::ntk::activation_presets(), memo::ntk::run_single_example);
}
