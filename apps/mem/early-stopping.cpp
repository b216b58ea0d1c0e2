// mem-early-stopping — MEM Fig. 6: D1 with leaky ReLU has superattractors long before its loss is small.
// Method and substitutions: lib/experiments/mem/early_stopping.hpp.
#include "lib/experiments/mem/early_stopping.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-early-stopping",
                               "MEM Fig. 6: superattractors at checkpoints along training, before the loss is small",
                               memo::mem::early_stopping_presets(), memo::mem::run_early_stopping);
}
