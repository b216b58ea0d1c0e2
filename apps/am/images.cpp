// am-images — AM Fig. 2 and S9: real images (MNIST for ImageNet-64) stored as attractors,
// recovery vs Gaussian noise, square occlusion and % of pixels corrupted beside 1-NN, and
// trajectory strips. Method, presets and substitutions: lib/experiments/am/images.hpp.
#include "lib/experiments/am/images.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "am-images",
                               "AM Fig. 2, S9: images stored as attractors, recovery from corruption vs 1-NN",
                               memo::am::images_presets(), memo::am::run_images);
}
