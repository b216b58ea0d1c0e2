// mem-conv-nonlinear-d1 — MEM Fig. 5: the downsampling net D1 with leaky ReLU memorises.
// Method and substitutions: lib/experiments/mem/conv_nonlinear_d1.hpp.
#include "lib/experiments/mem/conv_nonlinear_d1.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-conv-nonlinear-d1",
                               "MEM Fig. 5: D1 with leaky ReLU maps test images and noise to training images",
                               memo::mem::conv_nonlinear_d1_presets(), memo::mem::run_conv_nonlinear_d1);
}
