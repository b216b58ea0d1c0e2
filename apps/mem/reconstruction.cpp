// mem-reconstruction — MEM Fig. 11: a 7 × 512 MNIST autoencoder trained in minibatches
// reconstructs test digits (train and test MSE) and still sends test digits' iterates to
// training digits. Data, optimizer and every substitution: lib/experiments/mem/reconstruction.hpp.
#include "lib/experiments/mem/reconstruction.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-reconstruction",
                               "MEM Fig. 11: near-zero test reconstruction error and test iterates that reach training digits",
                               memo::mem::reconstruction_presets(), memo::mem::run_reconstruction);
}
