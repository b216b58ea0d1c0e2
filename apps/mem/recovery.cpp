// mem-recovery — MEM Fig. 4: the recovery probability R_t of MNIST autoencoders of several widths and depths.
// The method is in lib/experiments/mem/recovery.hpp.
#include "lib/experiments/mem/recovery.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-recovery",
                               "MEM Fig. 4: recovery probability R_t against iterations for several widths and depths",
                               memo::mem::recovery_presets(), memo::mem::run_recovery);
}
