// mem-relu-wide — MEM Thm 3: wide random-feature ReLU autoencoder, λ1 → ‖x‖²/(‖x‖² + 1).
// The method is in lib/experiments/mem/relu_wide.hpp.
#include "lib/experiments/mem/relu_wide.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-relu-wide",
                               "MEM Thm 3: wide random-feature ReLU autoencoder, λ1 → ‖x‖²/(‖x‖² + 1)",
                               memo::mem::relu_wide_presets(), memo::mem::run_relu_wide);
}
