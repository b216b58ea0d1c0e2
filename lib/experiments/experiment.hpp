// The main of every experiment app: flags → settings → run → outputs.
//
//   int main(int argc, char** argv) {
//     return experiment_main(argc, argv, "am-basins", "AM Fig. 3: …", basins_presets(), run_basins);
//   }
//
// The experiment itself is a function run(settings, context) → ExperimentResult in
// lib/experiments/<paper>/ (so that verify and the tests call the very same code). An
// experiment of many independent runs declares `static constexpr bool sweeps = true;` in its
// settings and hands its runs to run_experiment_sweep: they then resume after a kill, spread
// over --threads, over MPI ranks under mpirun, and over --shard i/N job arrays (lib/sweep).
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lib/cli/cli.hpp"
#include "lib/cli/report.hpp"
#include "lib/cli/settings.hpp"
#include "lib/sweep/sweep.hpp"

namespace memo {

// What an experiment needs besides its settings.
struct ExperimentContext {
  unsigned long seed = 0;
  int threads = 0;     // runs side by side, or the threads of a single training (0: all cores)
  bool quiet = true;   // no progress lines
  // Where a sweep keeps its journal (the app's --out), --fresh and --shard. An empty folder
  // (verify, tests) means a temporary one, removed afterwards.
  std::string out;
  bool fresh = false;
  std::string shard;
};

// Runs `sweep` (its name, points, repetitions and run function; seed and config are filled in
// here) with the context's folder, threads and shard. Returns every row in canonical order, or
// nothing where this process writes no outputs (an MPI rank other than 0, or a shard).
std::optional<std::vector<Json>> run_experiment_sweep(const ExperimentContext& context, sweep::Sweep sweep,
                                                      const Json& config);

// Median and quartiles of a sample (linear interpolation between order statistics), over its
// finite values: a diverged run's NaN is left out (callers say how many), never sorted in.
struct Quartiles {
  double lower = 0, median = 0, upper = 0;
};
Quartiles quartiles(std::vector<double> values);

template <typename Settings>
concept SweepingSettings = Settings::sweeps;

template <typename Settings, typename Run>
int experiment_main(int argc, char** argv, const std::string& name, const std::string& description,
                    std::vector<std::pair<std::string, Settings>> presets, Run&& run) {
  CLI::App app{description, name};
  ExperimentFlags flags;
  add_experiment_flags(app, flags);
  ExperimentContext context;
  if constexpr (SweepingSettings<Settings>) {
    app.add_flag("--fresh", context.fresh, "start over, forgetting the runs already in --out");
    app.add_option("--shard", context.shard, "i/N: only the i-th of N shares of the runs (i = 0 … N−1), for job "
                                             "arrays; join the folders with `sweep merge`, then re-run on the result");
  }
  SettingsFlags<Settings> settings_flags(app, std::move(presets));
  return run_main(app, argc, argv, [&] {
    finish_experiment_flags(app, flags);
    const Settings settings = settings_flags.resolve(flags.preset);
    prepare_output_folder(flags.out);
    context.seed = flags.seed;
    context.threads = flags.threads;
    context.quiet = flags.quiet || flags.json;
    context.out = flags.out;
    const auto start = std::chrono::steady_clock::now();
    ExperimentResult result = run(settings, context);
    sweep::SweepOptions where;
    where.shard = context.shard;
    if (!sweep::writes_outputs(where)) return kExitOk;  // another MPI rank, or a shard: its rows are journalled
    result.app = name;
    result.settings = settings_json(settings);
    result.settings["preset"] = flags.preset;
    result.settings["seed"] = flags.seed;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return finish_experiment(result, flags);
  });
}

}  // namespace memo
