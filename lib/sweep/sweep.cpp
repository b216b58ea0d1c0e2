#include "lib/sweep/sweep.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <limits>
#include <memory>
#include <fmt/format.h>
#include <mutex>
#include <omp.h>
#include <optional>

#include "lib/compute/parallel.hpp"
#include "lib/core/random.hpp"
#include "lib/core/types.hpp"
#include "lib/sweep/journal.hpp"
#include "lib/sweep/mpi_share.hpp"
#include "lib/sweep/progress_line.hpp"
#include "lib/sweep/results.hpp"
#include "lib/sweep/settings.hpp"
#include "lib/sweep/shard.hpp"

namespace memo::sweep {

void add_sweep_flags(CLI::App& app, SweepOptions& options) {
  if (!app.get_option_no_throw("--out")) app.add_option("--out", options.out, "output folder")->required();
  if (!app.get_option_no_throw("--threads"))
    app.add_option("--threads", options.threads, "runs at a time, each on one thread (0: all cores)")
        ->capture_default_str();
  app.add_flag("--fresh", options.fresh, "start the sweep over, forgetting the runs in the output folder");
  app.add_option("--shard", options.shard, "i/N: only the i-th of N shares of the runs (i = 0 … N-1), "
                                           "for job arrays; join the folders with `sweep merge`");
  app.add_flag("--no-progress{false}", options.progress, "no progress line on the terminal");
}

namespace {
std::uint64_t point_hash(const Json& point) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a of the point's JSON text
  for (const unsigned char c : point.dump()) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}
}  // namespace

std::uint64_t run_seed(std::uint64_t seed, const Json& point, int repetition) {
  return memo::run_seed(memo::run_seed(seed, point_hash(point)), static_cast<std::uint64_t>(repetition));
}

std::string checkpoint_path(const SweepOptions& options, const Json& point, int repetition) {
  return (std::filesystem::path(options.out) / "checkpoints" /
          fmt::format("{:016x}-{}.checkpoint", point_hash(point), repetition)).string();
}

bool is_writer() { return mpi_world().rank == 0; }

bool writes_outputs(const SweepOptions& options) { return is_writer() && parse_shard(options.shard).whole(); }

namespace {

void check_sweep(const Sweep& sweep, const SweepOptions& options) {
  if (sweep.name.empty()) throw Error("a sweep needs a name");
  if (sweep.points.empty()) throw Error(fmt::format("sweep {} has no points", sweep.name));
  for (const Json& point : sweep.points)
    if (!point.is_object()) throw Error(fmt::format("sweep {}: point {} is not a JSON object", sweep.name, point.dump()));
  if (sweep.repetitions < 1)
    throw Error(fmt::format("sweep {}: {} repetitions, expected at least 1", sweep.name, sweep.repetitions));
  if (!sweep.run) throw Error(fmt::format("sweep {} has no run function", sweep.name));
  if (options.out.empty()) throw Error(fmt::format("sweep {}: no output folder (--out)", sweep.name));
  if (options.threads < 0) throw Error(fmt::format("--threads {} must be >= 0", options.threads));
}

// What rank 0 finds in the folder: the rows journalled so far and the runs still to do.
struct FolderState {
  std::unique_ptr<JournalWriter> writer;  // opened (and locked) before the journal is read
  std::map<long, Json> journal;
  std::vector<long> missing;
};

FolderState open_folder(const Sweep& sweep, const SweepOptions& options, const Shard& shard) {
  namespace fs = std::filesystem;
  const fs::path folder(options.out);
  fs::create_directories(folder);
  if (options.fresh) {
    for (const char* file : {"sweep.json", "journal.jsonl", "results.csv"}) fs::remove(folder / file);
    fs::remove_all(folder / "checkpoints");
  }
  check_or_store_settings(options.out, sweep_settings(sweep, shard));
  FolderState state;
  const long total = static_cast<long>(sweep.points.size()) * sweep.repetitions;
  const std::string journal_path = (folder / "journal.jsonl").string();
  state.writer = std::make_unique<JournalWriter>(journal_path);
  state.journal = read_journal(journal_path, static_cast<long>(sweep.points.size()), sweep.repetitions, true);
  for (const auto& [index, row] : state.journal)
    if (!shard.owns(index))
      throw Error(fmt::format("{}/journal.jsonl holds run {}, which is not in shard {}", options.out, index, shard.text()));
  for (long index = 0; index < total; ++index)
    if (shard.owns(index) && !state.journal.contains(index)) state.missing.push_back(index);
  return state;
}

}  // namespace

namespace {

// A run executes on one thread (the runner gives each run one), so its CPU time is this.
double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

}  // namespace

double row_number(const Json& row, const std::string& key) {
  const Json& value = row.at(key);
  if (value.is_number()) return value.get<double>();
  if (value == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (value == "inf") return std::numeric_limits<double>::infinity();
  if (value == "-inf") return -std::numeric_limits<double>::infinity();
  throw Error(fmt::format("sweep row column '{}' = {}: expected a number", key, value.dump()));
}

std::vector<Json> run_sweep(const Sweep& sweep, const SweepOptions& options) {
  check_sweep(sweep, options);
  const Shard shard = parse_shard(options.shard);
  const MpiWorld& world = mpi_world();
  FolderState state;
  if (world.rank == 0) {
    try {
      state = open_folder(sweep, options, shard);
    } catch (const std::exception& e) {
      share_verdict(e.what());
      throw;
    }
  }
  share_verdict("");

  const auto run_line = [&](long index) {
    const Json& point = sweep.points[static_cast<size_t>(index / sweep.repetitions)];
    const int repetition = static_cast<int>(index % sweep.repetitions);
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = thread_cpu_seconds();
    const Json row = sweep.run(point, repetition, run_seed(sweep.seed, point, repetition));
    const RunTime time{std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                       thread_cpu_seconds() - cpu_start};
    return journal_line({index / sweep.repetitions, repetition}, row, time);
  };
  const long owned = static_cast<long>(state.journal.size() + state.missing.size());
  std::mutex mutex;
  std::optional<ProgressLine> progress;
  if (world.rank == 0) progress.emplace(sweep.name, owned, static_cast<long>(state.journal.size()), options.progress);
  // The row kept is the one read back from the journal line, so the rows of a resumed sweep
  // (read from the file) and of an uninterrupted one are the same values.
  const auto record = [&](long index, const std::string& line) {
    const Json row = Json::parse(line).at("row");
    std::lock_guard lock(mutex);
    state.writer->append(line);
    state.journal.emplace(index, row);
    progress->update(static_cast<long>(state.journal.size()));
  };

  // Under mpirun the ranks are the parallelism: "all cores" then means one run per rank.
  const int threads = options.threads > 0 ? options.threads : world.size > 1 ? 1 : omp_get_num_procs();
  if (world.size > 1) {
    share_runs(state.missing, threads, run_line, record);
  } else {
    parallel_runs(static_cast<int>(state.missing.size()), threads, [&](int i) {
      const long index = state.missing[static_cast<size_t>(i)];
      record(index, run_line(index));
    });
  }
  if (world.rank != 0 || !shard.whole()) return {};
  progress.reset();
  std::vector<Json> rows = canonical_rows(sweep.points, sweep.repetitions, state.journal);
  write_results_csv((std::filesystem::path(options.out) / "results.csv").string(), rows);
  return rows;
}

}  // namespace memo::sweep
