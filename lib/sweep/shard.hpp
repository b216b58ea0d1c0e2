// Batch-job shards (Slurm job arrays, no MPI): `--shard i/N` runs the runs whose canonical
// index is ≡ i mod N into its own folder; `sweep merge` joins the N folders into one that
// holds what an unsharded sweep's folder holds. Striding (rather than cutting the index range
// into blocks) gives every shard a share of each point, so long and short points mix.
#pragma once
#include <string>
#include <vector>

namespace memo::sweep {

struct Shard {
  long index = 0;  // 0 … count−1
  long count = 1;
  bool whole() const { return count == 1; }
  bool owns(long run) const { return run % count == index; }
  std::string text() const;  // "i/N"
};

// "" → the whole sweep; "i/N" with 0 ≤ i < N; anything else throws Error.
Shard parse_shard(const std::string& text);

// Joins the folders of all N shards of one sweep (each complete) into `out`: sweep.json
// without the shard, the journal in canonical order, results.csv. Throws Error when a shard
// is missing, doubled, unfinished, or was started with other settings than the rest.
// Returns the number of rows.
long merge_shards(const std::vector<std::string>& shard_folders, const std::string& out);

}  // namespace memo::sweep
