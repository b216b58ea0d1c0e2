// mem-swissroll — MEM Fig. 2: a fully connected autoencoder trained on 100 Swiss-roll points draws 1000 grid starts onto them.
// The method is in lib/experiments/mem/swissroll.hpp.
#include "lib/experiments/mem/swissroll.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-swissroll",
                               "MEM Fig. 2: iterating a Swiss-roll autoencoder brings grid starts to training points",
                               memo::mem::swissroll_presets(), memo::mem::run_swissroll);
}
