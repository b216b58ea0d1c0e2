// am-sequences — AM Fig. 4b–c: two MNIST digit sequences and 4 cycles in the plane stored as
// stable limit cycles, recovered from noise, with the basins of the cycles. Method and
// substitutions: lib/experiments/am/sequences.hpp.
#include "lib/experiments/am/sequences.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "am-sequences",
                               "AM Fig. 4b-c: sequences stored as stable limit cycles, recovered from noise",
                               memo::am::sequences_presets(), memo::am::run_sequences);
}
