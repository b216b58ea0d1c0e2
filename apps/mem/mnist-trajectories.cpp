// mem-mnist-trajectories — MEM Fig. 3a, 3b: test digits iterated through MNIST autoencoders end at training digits; deep ones in one step.
// The method is in lib/experiments/mem/mnist_trajectories.hpp.
#include "lib/experiments/mem/mnist_trajectories.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-mnist-trajectories",
                               "MEM Fig. 3a, 3b: iterating fully connected MNIST autoencoders from test digits",
                               memo::mem::mnist_trajectories_presets(), memo::mem::run_mnist_trajectories);
}
