#include "lib/experiments/experiment.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <unistd.h>

namespace memo {

std::optional<std::vector<Json>> run_experiment_sweep(const ExperimentContext& context, sweep::Sweep sweep,
                                                      const Json& config) {
  sweep.seed = context.seed;
  sweep.config = config;
  sweep::SweepOptions options{.out = context.out, .threads = context.threads, .fresh = context.fresh,
                              .shard = context.shard, .progress = !context.quiet};
  std::string temporary;
  if (options.out.empty()) {  // in-process callers (verify, tests): a folder of our own, removed after
    static std::atomic<int> count{0};
    temporary = (std::filesystem::temp_directory_path() /
                 fmt::format("memo-sweep-{}-{}-{}", sweep.name, getpid(), count++)).string();
    options.out = temporary;
    options.fresh = true;
  }
  std::vector<Json> rows = sweep::run_sweep(sweep, options);
  if (!temporary.empty()) std::filesystem::remove_all(temporary);
  if (!sweep::writes_outputs(options)) return std::nullopt;
  return rows;
}

Quartiles quartiles(std::vector<double> values) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  if (values.empty()) return {NAN, NAN, NAN};
  std::sort(values.begin(), values.end());
  auto at = [&](double q) {
    const double position = q * static_cast<double>(values.size() - 1);
    const size_t below = static_cast<size_t>(std::floor(position));
    const size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
  };
  return {at(0.25), at(0.5), at(0.75)};
}

}  // namespace memo
