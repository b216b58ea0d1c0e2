// ntk-radius — NTK Fig. 3: the largest |λ| of trained 2-layer sigmoid autoencoders against the
// input radius, for several widths, next to the kernel prediction (eq. 3) and the large-radius
// limit ½ (§4.4). The method is in lib/experiments/ntk/radius.hpp.
#include "lib/experiments/ntk/radius.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "ntk-radius",
                               "NTK Fig. 3: largest |λ| vs input radius, kernel prediction and the ½ limit",
                               memo::ntk::radius_presets(), memo::ntk::run_radius);
}
