#include "lib/dynamics/recovery.hpp"

#include <fmt/format.h>

#include "lib/dynamics/nearest_example.hpp"

namespace memo {

namespace {

void check_sources(const Mat& examples, const Mat& corrupted, const std::vector<int>& source) {
  if (static_cast<Eigen::Index>(source.size()) != corrupted.cols())
    throw Error(fmt::format("recovery: {} corrupted points but {} sources", corrupted.cols(), source.size()));
  for (int s : source)
    if (s < 0 || s >= examples.cols())
      throw Error(fmt::format("recovery: source {} is not an example index (0..{})", s, examples.cols() - 1));
}

}  // namespace

Recovery recovery(const DynamicalMap& f, const Mat& examples, const Mat& corrupted, const std::vector<int>& source,
                  const IterationCriterion& criterion) {
  check_sources(examples, corrupted, source);
  Recovery r;
  r.iteration = iterate(f, corrupted, examples, criterion);
  r.total = static_cast<int>(source.size());
  for (size_t j = 0; j < source.size(); ++j) {
    const TrajectoryEnd& end = r.iteration.ends[j];
    r.recovered += end.kind == LimitKind::training_example && end.example == source[j];
  }
  return r;
}

double nearest_neighbour_recovery_rate(const Mat& examples, const Mat& corrupted, const std::vector<int>& source) {
  check_sources(examples, corrupted, source);
  if (source.empty()) return 0.0;
  const NearestExamples near = nearest_examples(examples, corrupted);
  int hits = 0;
  for (size_t j = 0; j < source.size(); ++j) hits += near.index[j] == source[j];
  return static_cast<double>(hits) / static_cast<double>(source.size());
}

}  // namespace memo
