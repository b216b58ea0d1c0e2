// am-basins — AM Fig. 3: basins of attraction of 6 points in the plane, the vector field, no
// spurious attractors, basins that are not Voronoi cells. The method, its substitutions and
// the matching rule are in lib/experiments/am/basins.hpp.
#include "lib/experiments/am/basins.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "am-basins",
                               "AM Fig. 3: basins of attraction of 6 points in 2-D, vector field, no spurious attractors",
                               memo::am::basins_presets(), memo::am::run_basins);
}
