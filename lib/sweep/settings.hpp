// sweep.json: what defines a sweep, stored in its folder when it starts and compared on every
// re-run, so that a folder never mixes rows of two different sweeps.
#pragma once
#include <string>

#include "lib/cli/cli.hpp"
#include "lib/sweep/shard.hpp"
#include "lib/sweep/sweep.hpp"

namespace memo::sweep {

// {"name", "seed", "repetitions", "config", "points"} and, for a shard, "shard": "i/N".
Json sweep_settings(const Sweep& sweep, const Shard& shard);

// The first place where two JSON documents differ, as "config.radii[2] is 8 there, 16 here";
// empty when they are equal. Keys are visited in the order of `there`, then keys only `here`.
std::string first_difference(const Json& there, const Json& here, const std::string& path = "");

// Writes <folder>/sweep.json when the folder has none; otherwise throws Error naming the first
// difference between the stored settings and these.
void check_or_store_settings(const std::string& folder, const Json& settings);

}  // namespace memo::sweep
