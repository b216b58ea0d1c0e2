// am-unet — AM Figs. S5–S6: a U-Net conv autoencoder stores its training images as attractors
// (ρ(J) < 1 at each) and iteration recovers them from corruption. Method, network and
// substitutions in lib/experiments/am/unet.hpp.
#include "lib/experiments/am/unet.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "am-unet",
                               "AM Figs. S5–S6: a U-Net autoencoder stores its training images as attractors",
                               memo::am::unet_memory_presets(), memo::am::run_unet_memory);
}
