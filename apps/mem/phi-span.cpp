// mem-phi-span — MEM Thm 1: a single φ layer trained by GD from zero converges to φ⁻¹(X) X⁺.
// The method is in lib/experiments/mem/phi_span.hpp.
#include "lib/experiments/mem/phi_span.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-phi-span",
                               "MEM Thm 1: a single φ layer trained by GD from zero converges to φ⁻¹(X) X⁺",
                               memo::mem::phi_span_presets(), memo::mem::run_phi_span);
}
