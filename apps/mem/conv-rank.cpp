// mem-conv-rank — MEM Thm 4–5: shallow conv autoencoders learn full-rank maps.
// Method and substitutions: lib/experiments/mem/conv_rank.hpp.
#include "lib/experiments/mem/conv_rank.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-conv-rank", "MEM Thm 4–5: shallow conv autoencoders learn full-rank maps", memo::mem::conv_rank_presets(),
                               memo::mem::run_conv_rank);
}
