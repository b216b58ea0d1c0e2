#include "datasets/selection.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace memo {
namespace {

std::map<int, std::vector<Eigen::Index>> indices_by_label(const std::vector<int>& labels) {
  std::map<int, std::vector<Eigen::Index>> by_label;
  for (size_t i = 0; i < labels.size(); ++i) by_label[labels[i]].push_back(static_cast<Eigen::Index>(i));
  return by_label;
}

// The first `count` entries after a partial Fisher–Yates shuffle of `pool`.
std::vector<Eigen::Index> draw_without_replacement(std::vector<Eigen::Index> pool, size_t count, Rng& rng) {
  for (size_t i = 0; i < count; ++i) std::swap(pool[i], pool[i + uniform_index(rng, pool.size() - i)]);
  pool.resize(count);
  return pool;
}

}  // namespace

std::uint64_t uniform_index(Rng& rng, std::uint64_t bound) {
  if (bound == 0) throw Error("uniform_index: empty range");
  const std::uint64_t limit = Rng::max() - (Rng::max() % bound + 1) % bound;  // largest multiple of bound, minus 1
  std::uint64_t draw;
  do draw = rng();
  while (draw > limit);
  return draw % bound;
}

std::vector<Eigen::Index> select_examples(const std::vector<int>& labels, const SelectionSpec& spec) {
  if (spec.count < 0) throw Error(fmt::format("cannot select {} examples", spec.count));
  const auto by_label = indices_by_label(labels);
  std::vector<int> classes = spec.classes;
  if (classes.empty())
    for (const auto& [label, members] : by_label) classes.push_back(label);
  if (classes.empty()) throw Error("cannot select examples from an empty set");
  std::sort(classes.begin(), classes.end());
  if (std::adjacent_find(classes.begin(), classes.end()) != classes.end())
    throw Error("the selected classes contain a repeated label");
  for (int c : classes)
    if (!by_label.contains(c)) throw Error(fmt::format("class {} has no examples in the set", c));

  const size_t n = static_cast<size_t>(spec.count);
  Rng rng(spec.seed);
  if (!spec.balanced) {
    std::vector<Eigen::Index> pool;
    for (int c : classes) pool.insert(pool.end(), by_label.at(c).begin(), by_label.at(c).end());
    std::sort(pool.begin(), pool.end());  // file order, so the draw depends on the set, not on map order
    if (n > pool.size())
      throw Error(fmt::format("cannot select {} examples: only {} are in the chosen classes", n, pool.size()));
    return draw_without_replacement(std::move(pool), n, rng);
  }
  const size_t per_class = n / classes.size(), extra = n % classes.size();
  std::vector<std::vector<Eigen::Index>> drawn;
  for (size_t k = 0; k < classes.size(); ++k) {
    const auto& members = by_label.at(classes[k]);
    const size_t want = per_class + (k < extra ? 1 : 0);
    if (want > members.size())
      throw Error(fmt::format("cannot select {} balanced examples: class {} has only {}", n, classes[k], members.size()));
    drawn.push_back(draw_without_replacement(members, want, rng));
  }
  std::vector<Eigen::Index> out;
  for (size_t round = 0; out.size() < n; ++round)
    for (const auto& d : drawn)
      if (round < d.size()) out.push_back(d[round]);
  return out;
}

std::vector<Eigen::Index> select_sequence(const std::vector<int>& labels, const std::vector<int>& order,
                                          std::uint64_t seed) {
  auto by_label = indices_by_label(labels);
  Rng rng(seed);
  std::vector<Eigen::Index> out;
  for (int c : order) {
    auto it = by_label.find(c);
    if (it == by_label.end() || it->second.empty())
      throw Error(fmt::format("the sequence needs another example of class {} but the set has no more", c));
    auto& members = it->second;
    const size_t k = uniform_index(rng, members.size());
    out.push_back(members[k]);
    members[k] = members.back();  // taken: later steps of the sequence use other examples
    members.pop_back();
  }
  return out;
}

}  // namespace memo
