// mem-init — MEM App. I.2, Fig. 12: A(∞) = P + A(0)(I − P) and its Weyl bound; Kaiming inits give larger outputs and noisy memorisation.
// The method is in lib/experiments/mem/init.hpp.
#include "lib/experiments/mem/init.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-init",
                               "MEM App. I.2, Fig. 12: memorisation needs an initialisation close to zero",
                               memo::mem::init_presets(), memo::mem::run_init);
}
