// am-efficiency — AM Fig. 5a–e, Figs. S7, S8: sequence encoders store more of 100 MNIST digits
// than autoencoders; count grids over width × depth, eigenvalue histograms. The method, the
// paper values checked and the quick preset's reduced size are in lib/experiments/am/efficiency.hpp.
#include "lib/experiments/am/efficiency.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "am-efficiency",
                               "AM Fig. 5, S7, S8: images stored by autoencoders and sequence encoders over width × depth",
                               memo::am::efficiency_presets(), memo::am::run_efficiency);
}
