// am-large — AM Figs. S2, S3: a depth-10, width-2048 cosid autoencoder stores 2000 MNIST images
// (S2) or 1000 images (S3) as attractors; one iteration reconstructs held-out images. Presets
// quick, s2, s3 (checkpointed in --out); held-out sets and substitutions are in
// lib/experiments/am/large.hpp.
#include "lib/experiments/am/large.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "am-large",
                               "AM Figs. S2, S3: thousands of images as attractors; one-iteration error on held-out images",
                               memo::am::large_presets(), memo::am::run_large);
}
