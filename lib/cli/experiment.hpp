// The main of every experiment app: flags → settings → run → outputs.
//
//   int main(int argc, char** argv) {
//     return experiment_main(argc, argv, "am-basins", "AM Fig. 3: …", basins_presets(), run_basins);
//   }
//
// The experiment itself is a function run(settings, context) → ExperimentResult that lives in
// lib/experiments/ (so that verify and the tests call the very same code).
#pragma once
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "lib/cli/cli.hpp"
#include "lib/cli/report.hpp"
#include "lib/cli/settings.hpp"

namespace memo {

// What an experiment needs besides its settings.
struct ExperimentContext {
  unsigned long seed = 0;
  int threads = 0;     // for independent runs side by side (0: all cores)
  bool quiet = true;   // no progress lines
};

template <typename Settings, typename Run>
int experiment_main(int argc, char** argv, const std::string& name, const std::string& description,
                    std::vector<std::pair<std::string, Settings>> presets, Run&& run) {
  CLI::App app{description, name};
  ExperimentFlags flags;
  add_experiment_flags(app, flags);
  SettingsFlags<Settings> settings_flags(app, std::move(presets));
  return run_main(app, argc, argv, [&] {
    finish_experiment_flags(app, flags);
    const Settings settings = settings_flags.resolve(flags.preset);
    const auto start = std::chrono::steady_clock::now();
    ExperimentResult result = run(settings, ExperimentContext{flags.seed, flags.threads, flags.quiet || flags.json});
    result.app = name;
    result.settings = settings_json(settings);
    result.settings["preset"] = flags.preset;
    result.settings["seed"] = flags.seed;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return finish_experiment(result, flags);
  });
}

}  // namespace memo
