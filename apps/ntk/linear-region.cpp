// ntk-linear-region — NTK Fig. E.1, Lemma 4: share of eigenvalue moduli near 1 is (n − 1)/n0 in the linear region. The method is in lib/experiments/ntk/linear_region.hpp.
#include "lib/experiments/ntk/linear_region.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "ntk-linear-region", "NTK Fig. E.1, Lemma 4: share of eigenvalue moduli near 1 is (n − 1)/n0 in the linear region", memo::ntk::linear_region_presets(), memo::ntk::run_linear_region);
}
