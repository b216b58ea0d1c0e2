// mem-piecewise — MEM Thm 6/7, App. I.1: a piecewise-linear ReLU memorizer with attractors and error ≤ ε.
// The method is in lib/experiments/mem/piecewise.hpp.
#include "lib/experiments/mem/piecewise.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-piecewise",
                               "MEM Thm 6/7, App. I.1: a piecewise-linear ReLU memorizer with attractors and error ≤ ε",
                               memo::mem::piecewise_presets(), memo::mem::run_piecewise);
}
