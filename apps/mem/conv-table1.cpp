// mem-conv-table1 — MEM Table 1: linear conv autoencoders on two 3×3 images do not memorise.
// Method and substitutions: lib/experiments/mem/conv_table1.hpp.
#include "lib/experiments/mem/conv_table1.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-conv-table1",
                               "MEM Table 1: conv autoencoders on two 3×3 images do not memorise",
                               memo::mem::conv_table1_presets(), memo::mem::run_conv_table1);
}
