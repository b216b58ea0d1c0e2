// am-spurious — AM Fig. 2 text: the Fig. 2 network iterated from test images, uniform and
// Gaussian noise; every limit classified and the spurious attractors counted. Method and
// substitutions (MNIST for ImageNet-64, 9,500 held-out test images): lib/experiments/am/spurious.hpp.
#include "lib/experiments/am/spurious.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "am-spurious",
                               "AM Fig. 2 text: limits of iteration from test images and noise, spurious attractors",
                               memo::am::spurious_presets(), memo::am::run_spurious);
}
