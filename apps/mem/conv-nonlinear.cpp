// mem-conv-nonlinear — MEM App. H: nonlinear conv autoencoders map noise to training images.
// Method and substitutions: lib/experiments/mem/conv_nonlinear.hpp.
#include "lib/experiments/mem/conv_nonlinear.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-conv-nonlinear", "MEM App. H: nonlinear conv autoencoders map noise to training images",
                               memo::mem::conv_nonlinear_presets(), memo::mem::run_conv_nonlinear);
}
