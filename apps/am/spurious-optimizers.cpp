// am-spurious-optimizers — AM Fig. S4: every optimizer leaves training images that are not
// attractors (SELU, 11 × 256, lr 0.1, momentum 0.009, weight decay 1e-4), shown as images. The
// method and its substitutions are in lib/experiments/am/spurious_optimizers.hpp.
#include "lib/experiments/am/spurious_optimizers.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "am-spurious-optimizers",
                               "AM Fig. S4: spurious training examples (not attractors) for every optimizer",
                               memo::am::spurious_optimizers_presets(), memo::am::run_spurious_optimizers);
}
