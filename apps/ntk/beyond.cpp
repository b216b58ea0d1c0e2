// ntk-beyond — NTK §4.5: at a fixed width, growing the input radius past the NTK regime: the
// trained eigenvalues collapse toward 0 below the kernel prediction (eq. 3) as hidden units
// saturate and the weights leave their initialisation. The method is in
// lib/experiments/ntk/beyond.hpp.
#include "lib/experiments/ntk/beyond.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "ntk-beyond",
                               "NTK §4.5: fixed width, growing radius: eigenvalues, saturation, weight movement",
                               memo::ntk::beyond_presets(), memo::ntk::run_beyond);
}
