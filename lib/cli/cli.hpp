// What every command-line program shares: flag parsing (CLI11), the error policy (one line on
// stderr, exit 2), thread settings, and JSON output.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace memo {

using Json = nlohmann::ordered_json;

// Exit codes shared by all programs.
constexpr int kExitOk = 0;
constexpr int kExitDisagrees = 1;  // a measurement disagrees with the paper or theory
constexpr int kExitBadInput = 2;   // bad flags, unreadable or malformed files
constexpr int kExitDiverged = 3;   // training produced NaN/Inf

// Parses the flags, then runs `body`. --help prints and exits 0; a parse error or an
// exception thrown by `body` prints "<app>: <message>" on one line and exits 2 (3 for a
// Diverged training).
int run_main(CLI::App& app, int argc, char** argv, const std::function<int()>& body);

// Threads for OpenMP and Eigen (0: this process's share of the cores, core_share()). Returns the
// number in use.
int set_threads(int threads);

// Prints a JSON document on stdout (2-space indent).
void print_json(const Json& doc);

// Flags of every experiment app, beside its own settings (lib/cli/settings.hpp).
struct ExperimentFlags {
  std::string preset = "quick";
  unsigned long seed = 0;
  int threads = 0;
  std::string out;  // default out/<app>
  bool json = false;
  bool quiet = false;
  bool strict = false;  // exit 1 when a comparison disagrees
};
void add_experiment_flags(CLI::App& app, ExperimentFlags& flags);
// Fills the default output folder, checks that it can be written and sets the threads; call
// at the start of body.
void finish_experiment_flags(const CLI::App& app, ExperimentFlags& flags);

}  // namespace memo
