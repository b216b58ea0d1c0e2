// mem-linear — MEM §2, App. A, App. I.2: a linear autoencoder trained by GD converges to P + A(0)(I − P).
// The method is in lib/experiments/mem/linear.hpp.
#include "lib/experiments/mem/linear.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-linear",
                               "MEM §2, App. A, App. I.2: a linear autoencoder trained by GD converges to P + A(0)(I − P)",
                               memo::mem::linear_presets(), memo::mem::run_linear);
}
