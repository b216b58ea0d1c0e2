// Recovery rate: the fraction of corrupted copies whose iteration ends at their own example
// (AM Fig. 2c; NTK Fig. 4–5), and the same copies classified by 1-nearest-neighbour as the
// baseline (AM Fig. S9/14).
#pragma once
#include <vector>
#include "lib/dynamics/iteration.hpp"

namespace memo {

struct Recovery {
  int recovered = 0;
  int total = 0;
  double rate() const { return total ? static_cast<double>(recovered) / total : 0.0; }
  IterationResult iteration;  // where every copy ended
};

Recovery recovery(const DynamicalMap& f, const Mat& examples, const Mat& corrupted, const std::vector<int>& source,
                  const IterationCriterion& criterion);

// Fraction of corrupted copies whose nearest example (Euclidean) is their own.
double nearest_neighbour_recovery_rate(const Mat& examples, const Mat& corrupted, const std::vector<int>& source);

}  // namespace memo
