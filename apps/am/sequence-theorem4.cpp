// am-sequence-theorem4 — AM Thm 3–4: composed sequence maps have top eigenvalue ∏ λ_i.
// The method is in lib/experiments/am/sequence_theorem4.hpp.
#include "lib/experiments/am/sequence_theorem4.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "am-sequence-theorem4",
                               "AM Thm 3–4: composed sequence maps have top eigenvalue ∏ λ_i",
                               memo::am::sequence_theorem4_presets(), memo::am::run_sequence_theorem4);
}
