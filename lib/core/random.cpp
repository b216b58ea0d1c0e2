#include "lib/core/random.hpp"

namespace memo {

// Entries are drawn column by column (Eigen's storage order).
Mat random_normal(Eigen::Index rows, Eigen::Index cols, Rng& rng, double stddev) {
  std::normal_distribution<double> normal(0.0, stddev);
  Mat m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = normal(rng);
  return m;
}

Mat random_uniform(Eigen::Index rows, Eigen::Index cols, Rng& rng, double lo, double hi) {
  std::uniform_real_distribution<double> uniform(lo, hi);
  Mat m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = uniform(rng);
  return m;
}

// SplitMix64 finaliser: well-separated seeds for consecutive indices.
std::uint64_t run_seed(std::uint64_t seed, std::uint64_t index) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (index + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace memo
