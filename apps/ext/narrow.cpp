// ext-narrow — EXT 2: NTK Fig. 2 at hidden width 50, beside width 1000. The report reads the
// 2-layer difference at width 50 as about twice the width-1000 one; the comparison says whether
// it is here. Same experiment as ntk-single (lib/experiments/ntk/single_example.hpp).
#include "lib/experiments/ntk/single_example.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "ext-narrow", "EXT 2: NTK Fig. 2 at width 50 beside width 1000",
                               memo::ntk::narrow_presets(), memo::ntk::run_single_example);
}
