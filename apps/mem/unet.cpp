// mem-unet — MEM Fig. 1b: a U-Net trained on one image for 2000 iterations contracts white
// squares, Gaussian noise and other images to that image. Method, network and substitutions in
// lib/experiments/mem/unet.hpp.
#include "lib/experiments/mem/unet.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-unet",
                               "MEM Fig. 1b: a U-Net trained on one image maps squares, noise and other images to it",
                               memo::mem::unet_single_presets(), memo::mem::run_unet_single);
}
