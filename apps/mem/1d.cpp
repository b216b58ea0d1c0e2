// mem-1d — MEM Fig. 1a: one-dimensional autoencoders, shallow and deep, from small and large initialisations.
// The method is in lib/experiments/mem/one_dim.hpp.
#include "lib/experiments/mem/one_dim.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-1d",
                               "MEM Fig. 1a: 1-D autoencoders contract towards their training points",
                               memo::mem::one_dim_presets(), memo::mem::run_one_dim);
}
