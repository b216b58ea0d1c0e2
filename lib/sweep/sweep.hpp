// Paper-scale sweeps: settings points × repetitions of independent runs, each a pure function
// of (point, repetition) → one row. The papers' figures are such sweeps (NTK Fig. 2–3: depths or
// widths × radii × 100 repetitions; AM Fig. 5: 105 networks), tens to hundreds of CPU-hours, so
// the runner makes them resumable and spreads them over threads, MPI ranks and batch-job shards.
//
// The output folder holds
//   sweep.json     what defines the sweep (name, seed, repetitions, config, points, shard);
//                  compared on every re-run, so a folder never mixes two sweeps
//   journal.jsonl  one line per finished run, appended and flushed as runs finish (any order)
//   results.csv    every row in canonical order (point, then repetition), written at the end
// A killed sweep loses only the runs in flight: the same command skips what the journal holds.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "lib/cli/cli.hpp"

namespace memo::sweep {

struct Sweep {
  std::string name;          // the app, e.g. "ntk-radius"
  Json config;               // everything that defines the sweep (all settings + seed)
  std::vector<Json> points;  // one JSON object per setting point, e.g. {"width":1000,"radius":8}
  int repetitions = 1;
  std::uint64_t seed = 0;    // --seed; each run's seed is run_seed(seed, point, repetition)
  // One run → one row: a JSON object of column → number, string or bool. Must not depend on
  // run order or on other runs. Non-finite numbers are stored as the strings "nan", "inf", "-inf".
  std::function<Json(const Json& point, int repetition, std::uint64_t seed)> run;
};

struct SweepOptions {
  std::string out;
  int threads = 1;        // runs at a time in this process (0: all cores), each on one thread
  bool fresh = false;     // forget what the folder holds (and its checkpoints/) and start over
  std::string shard;      // "i/N" (i = 0 … N−1): only the runs with index ≡ i mod N
  bool progress = true;   // the progress line (drawn only when stdout is a terminal)
};

// --threads --fresh --shard i/N --no-progress, and --out; --threads and --out only when the app
// has no such flag yet (apps with ExperimentFlags copy flags.threads and flags.out over).
void add_sweep_flags(CLI::App& app, SweepOptions& options);

// Runs what the folder does not hold yet and returns every row in canonical order (point, then
// repetition). A row of the result is the point's keys, then "repetition", then the run's
// columns — the columns of results.csv. Returns the rows on the writer only: under mpirun the
// other ranks return an empty vector, and a --shard run returns an empty vector too (its rows
// wait in its folder for `sweep merge`). Throws memo::Error when the folder was started with
// other settings (naming the first difference), on a malformed journal, or when a run throws.
std::vector<Json> run_sweep(const Sweep& sweep, const SweepOptions& options);

// A number of a row as the runner returns it: the strings "nan", "inf" and "-inf" stand for
// the non-finite values (a diverged run's loss); anything else that is not a number throws.
double row_number(const Json& row, const std::string& key);

// Seed of one run: a function of --seed, the point's JSON and the repetition only.
std::uint64_t run_seed(std::uint64_t seed, const Json& point, int repetition);

// Where run (point, repetition) keeps the checkpoint of a long training (Checkpointing.path,
// lib/nn/checkpoint): <out>/checkpoints/<hash of the point>-<repetition>.checkpoint. Under
// mpirun a re-run may hand the run to another machine, which then starts it from the beginning.
std::string checkpoint_path(const SweepOptions& options, const Json& point, int repetition);

// False on MPI ranks other than 0: they must not write outputs or print results.
bool is_writer();
// True where the caller writes the sweep's summary and figures: the writer of an unsharded run.
bool writes_outputs(const SweepOptions& options);

}  // namespace memo::sweep
