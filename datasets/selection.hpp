// Which examples of a labelled set an experiment uses. A selection is defined by its
// settings and seed alone: the same call gives the same indices on every machine.
#pragma once
#include <cstdint>
#include <vector>
#include "lib/core/random.hpp"

namespace memo {

struct SelectionSpec {
  Eigen::Index count = 0;
  std::uint64_t seed = 0;
  bool balanced = false;     // equal numbers per class (the first count mod C classes get one more)
  std::vector<int> classes = {};  // only these labels; empty: every label present
};

// Indices of `count` distinct examples in drawing order. Unbalanced: a uniform sample without
// replacement, and a smaller count with the same seed gives a prefix of a larger one.
// Balanced: classes take turns in ascending label order (c0, c1, …, c0, c1, …), so any prefix
// is as balanced as it can be.
std::vector<Eigen::Index> select_examples(const std::vector<int>& labels, const SelectionSpec& spec);

// One example of each label in `order` (e.g. 0,1,…,9 for AM Fig. 4b's sequence), all distinct
// even when a label repeats, chosen at random by `seed`.
std::vector<Eigen::Index> select_sequence(const std::vector<int>& labels, const std::vector<int>& order,
                                          std::uint64_t seed);

// Uniform integer in [0, bound) by rejection. std::uniform_int_distribution and std::shuffle
// differ between standard libraries; this does not, so selections are portable.
std::uint64_t uniform_index(Rng& rng, std::uint64_t bound);

}  // namespace memo
