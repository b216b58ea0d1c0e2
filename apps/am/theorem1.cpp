// am-theorem1 — AM Thm 1–2, App. B, App. C: rank-one networks trained by GD beside the gradient-flow theory.
// The method is in lib/experiments/am/theorem1.hpp.
#include "lib/experiments/am/theorem1.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "am-theorem1",
                               "AM Thm 1–2, App. B, App. C: rank-one networks trained by GD beside the gradient-flow theory",
                               memo::am::theorem1_presets(), memo::am::run_theorem1);
}
