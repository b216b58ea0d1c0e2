#include "lib/dynamics/nearest_example.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace memo {

NearestExamples nearest_examples(const Mat& examples, const Mat& queries) {
  if (examples.cols() == 0) throw Error("nearest_examples: no training examples to compare with");
  if (examples.rows() != queries.rows())
    throw Error(fmt::format("nearest_examples: examples have dimension {}, points {}", examples.rows(),
                            queries.rows()));
  NearestExamples out;
  out.index.resize(queries.cols());
  out.distance.resize(queries.cols());
  const Vec example_norms = examples.colwise().squaredNorm().transpose();
  constexpr Eigen::Index kChunk = 2048;  // bounds the (n_examples, chunk) score matrix
  Mat scores;
  for (Eigen::Index start = 0; start < queries.cols(); start += kChunk) {
    const Eigen::Index width = std::min(kChunk, queries.cols() - start);
    scores.noalias() = examples.transpose() * queries.middleCols(start, width);  // (n_ex, width)
    scores = (-2 * scores).colwise() + example_norms;
    for (Eigen::Index j = 0; j < width; ++j) {
      Eigen::Index best = 0;
      scores.col(j).minCoeff(&best);
      out.index[start + j] = static_cast<int>(best);
      out.distance(start + j) = (queries.col(start + j) - examples.col(best)).norm();
    }
  }
  return out;
}

}  // namespace memo
