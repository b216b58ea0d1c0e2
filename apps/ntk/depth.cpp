// ntk-depth — NTK §4.2 (χ1 ≤ 1/16, Lemma 5): sigmoid networks of L = 2 … 5 weight matrices
// trained on one example: ‖J − J0‖_op at the example shrinks with depth, beside each network's
// kernel prediction (eq. 2–3) and its infinite-width size; Θ^L(x1, x1) ≥ ¼. The method is in
// lib/experiments/ntk/depth.hpp.
#include "lib/experiments/ntk/depth.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "ntk-depth",
                               "NTK §4.2: the trained Jacobian stays at its initial value as depth grows",
                               memo::ntk::depth_presets(), memo::ntk::run_depth);
}
