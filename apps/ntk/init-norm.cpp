// ntk-init-norm — NTK §4.1, Prop. 2: ‖J0‖_op at x = 0 of wide sigmoid autoencoders, ≈ ½ at L = 2
// and falling with depth. The method and the finite-n0 correction are in
// lib/experiments/ntk/init_norm.hpp.
#include "lib/experiments/ntk/init_norm.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "ntk-init-norm",
                               "NTK §4.1, Prop. 2: ‖J0‖_op at x = 0 is ≈ ½ at L = 2 and falls with depth",
                               memo::ntk::init_norm_presets(), memo::ntk::run_init_norm);
}
