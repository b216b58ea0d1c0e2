// am-corollary1 — AM Cor. 1: an interpolating rank-one net whose example repels.
// The method is in lib/experiments/am/corollary1.hpp.
#include "lib/experiments/am/corollary1.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "am-corollary1",
                               "AM Cor. 1: an interpolating rank-one net whose example repels",
                               memo::am::corollary1_presets(), memo::am::run_corollary1);
}
