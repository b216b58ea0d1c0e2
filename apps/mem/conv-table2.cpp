// mem-conv-table2 — MEM Table 2: deep single-filter linear conv autoencoders memorise.
// Method and substitutions: lib/experiments/mem/conv_table2.hpp.
#include "lib/experiments/mem/conv_table2.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-conv-table2",
                               "MEM Table 2: deep single-filter linear conv autoencoders memorise",
                               memo::mem::conv_table2_presets(), memo::mem::run_conv_table2);
}
