// The one random generator of the project. A run is defined by its flags and --seed, so
// every random draw goes through an Rng seeded explicitly (never from the clock).
#pragma once
#include <cstdint>
#include <random>
#include "lib/core/types.hpp"

namespace memo {

using Rng = std::mt19937_64;

Mat random_normal(Eigen::Index rows, Eigen::Index cols, Rng& rng, double stddev = 1.0);
Mat random_uniform(Eigen::Index rows, Eigen::Index cols, Rng& rng, double lo, double hi);

// Seed of run `index` in a family of independent runs started from `seed`: runs are
// reproducible one at a time and identical whichever thread executes them.
std::uint64_t run_seed(std::uint64_t seed, std::uint64_t index);

}  // namespace memo
