// mem-conv-downsample — MEM App. G: downsampling conv autoencoders memorise with few layers.
// Method and substitutions: lib/experiments/mem/conv_downsample.hpp.
#include "lib/experiments/mem/conv_downsample.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "mem-conv-downsample", "MEM App. G: downsampling conv autoencoders memorise with few layers",
                               memo::mem::conv_downsample_presets(), memo::mem::run_conv_downsample);
}
