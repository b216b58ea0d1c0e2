// ntk-radius — NTK Fig. 3: largest |λ| of trained sigmoid autoencoders vs input radius, kernel prediction and the ½ limit. The method is in lib/experiments/ntk/radius.hpp.
#include "lib/experiments/ntk/radius.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "ntk-radius", "NTK Fig. 3: largest |λ| of trained sigmoid autoencoders vs input radius, kernel prediction and the ½ limit", memo::ntk::radius_presets(), memo::ntk::run_radius);
}
