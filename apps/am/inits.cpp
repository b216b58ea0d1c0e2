// am-inits — AM Table S2: attractors among 100 training images for each activation × init U[-a, a]. The method, its substitutions (Fashion-MNIST for b/w CIFAR-10, the
// learning rates) and the quick preset's reduced size are in lib/experiments/am/attractor_table.hpp.
#include "lib/experiments/am/attractor_table.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "am-inits", "AM Table S2: attractors among 100 training images for each activation × init U[-a, a]", memo::am::inits_table_presets(),
                               memo::am::run_attractor_table);
}
