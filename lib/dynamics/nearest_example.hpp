// The nearest training example of each point (Euclidean): used to name the limit of an
// iteration and as the 1-nearest-neighbour baseline of recovery (AM Fig. S9/14).
#pragma once
#include <vector>
#include "lib/core/types.hpp"

namespace memo {

struct NearestExamples {
  std::vector<int> index;  // per query column: the nearest column of `examples`
  Vec distance;            // its Euclidean distance, recomputed directly (not from the GEMM)
};

// Candidates come from one GEMM, ‖x_i‖² − 2 x_i·q; the winner's distance is then computed as
// ‖q − x_i‖, because the expanded form loses ~1e-7 absolute accuracy at norms ~10, which is the
// size of AM's match tolerance.
NearestExamples nearest_examples(const Mat& examples, const Mat& queries);

}  // namespace memo
