// ntk-single — NTK Fig. 2 (§5.2): one training example, width 1000, L = 2, 3, 4: the change
// | |λ1(J0)| − |λ1(J)| | of the largest eigenvalue modulus during training against the radius,
// falling with depth, beside the kernel prediction (eq. 2–3). The method, the radii (the paper
// prints none) and the handling of runs that miss the loss are in lib/experiments/ntk/single_example.hpp.
#include "lib/experiments/ntk/single_example.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "ntk-single",
                               "NTK Fig. 2: change of the largest |λ| by training on one example, per depth",
                               memo::ntk::single_example_presets(), memo::ntk::run_single_example);
}
