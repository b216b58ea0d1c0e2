#include "lib/cli/cli.hpp"

#include <Eigen/Core>
#include <cstdio>
#include <fmt/format.h>
#include <iostream>
#include <omp.h>

#include "lib/cli/flag_checks.hpp"
#include "lib/compute/gemm.hpp"
#include "lib/compute/team.hpp"
#include "lib/core/types.hpp"
#include "lib/io/npy.hpp"

namespace memo {

int run_main(CLI::App& app, int argc, char** argv, const std::function<int()>& body) {
  const std::string name = app.get_name().empty() ? "memo" : app.get_name();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fflush(stdout);
    fmt::print(stderr, "{}: {} (see --help)\n", name, e.what());
    return kExitBadInput;
  }
  try {
    return body();
  } catch (const Diverged& e) {
    std::fflush(stdout);
    fmt::print(stderr, "{}: {}\n", name, e.what());
    return kExitDiverged;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "{}: {}\n", name, e.what());
    return kExitBadInput;
  }
}

int set_threads(int threads) {
  if (threads < 0) throw Error(fmt::format("--threads {} must be >= 0", threads));
  team_waiting();  // a bad MEMO_TEAM_WAIT fails here, before any work
  check_gemm_environment();  // and a bad MEMO_GEMM or MEMO_GEMM_THREADS
  const int n = threads == 0 ? core_share() : threads;
  omp_set_num_threads(n);
  set_compute_threads(n);
  return n;
}

void print_json(const Json& doc) { fmt::print("{}\n", doc.dump(2)); }

void add_experiment_flags(CLI::App& app, ExperimentFlags& flags) {
  app.add_option("--preset", flags.preset, "quick (minutes) or paper (the paper's settings)")
      ->capture_default_str();
  app.add_option("--seed", flags.seed, "random seed: a run is defined by its flags and seed")
      ->capture_default_str()
      ->check(seed_check());
  app.add_option("--threads", flags.threads,
                 "threads (0: this process's share of the cores: all of them, or cores / ranks per node under MPI)")
      ->capture_default_str()
      ->check(whole_in(0, 4096));
  app.add_option("--out", flags.out, "output folder (default out/<app>)");
  app.add_flag("--json", flags.json, "print summary.json on stdout instead of the table");
  app.add_flag("--quiet", flags.quiet, "no progress output");
  app.add_flag("--strict", flags.strict, "exit 1 when a comparison disagrees with the paper or theory");
}

void finish_experiment_flags(const CLI::App& app, ExperimentFlags& flags) {
  if (flags.out.empty()) flags.out = "out/" + app.get_name();
  check_output_path(flags.out + "/summary.json", "--out");
  set_threads(flags.threads);
}

}  // namespace memo
