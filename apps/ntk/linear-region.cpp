// ntk-linear-region — NTK Fig. E.1, Lemma 4: in the linear region a trained 2-layer sigmoid
// autoencoder has n − 1 eigenvalues of modulus ≈ 1 at its n training points. The method is in
// lib/experiments/ntk/linear_region.hpp.
#include "lib/experiments/ntk/linear_region.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "ntk-linear-region",
                               "NTK Fig. E.1, Lemma 4: share of eigenvalue moduli near 1 is (n − 1)/n0 at r = 1",
                               memo::ntk::linear_region_presets(), memo::ntk::run_linear_region);
}
