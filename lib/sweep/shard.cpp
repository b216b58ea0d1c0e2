#include "lib/sweep/shard.hpp"

#include <charconv>
#include <filesystem>
#include <fmt/format.h>
#include <map>

#include "lib/cli/cli.hpp"
#include "lib/core/types.hpp"
#include "lib/io/npy.hpp"
#include "lib/sweep/journal.hpp"
#include "lib/sweep/results.hpp"
#include "lib/sweep/settings.hpp"

namespace memo::sweep {

std::string Shard::text() const { return fmt::format("{}/{}", index, count); }

Shard parse_shard(const std::string& text) {
  if (text.empty()) return {};
  const size_t slash = text.find('/');
  Shard shard;
  auto number = [&](std::string_view part, long& value) {
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    return error == std::errc() && end == part.data() + part.size() && !part.empty();
  };
  const std::string_view view(text);
  if (slash == std::string::npos || !number(view.substr(0, slash), shard.index) ||
      !number(view.substr(slash + 1), shard.count) || shard.count < 1 || shard.index < 0 || shard.index >= shard.count)
    throw Error(fmt::format("--shard '{}': expected i/N with N >= 1 and 0 <= i < N, e.g. 0/4", text));
  return shard;
}

long merge_shards(const std::vector<std::string>& shard_folders, const std::string& out) {
  namespace fs = std::filesystem;
  if (shard_folders.empty()) throw Error("sweep merge: no shard folders given");
  Json common;
  std::map<long, std::string> folder_of_shard;
  long count = 0;
  std::map<long, Json> journal;
  for (const std::string& folder : shard_folders) {
    const std::string path = (fs::path(folder) / "sweep.json").string();
    if (!fs::exists(path)) throw Error(fmt::format("{}: no sweep.json (not a sweep folder)", folder));
    Json settings = Json::parse(read_file(path), nullptr, false);
    if (settings.is_discarded() || !settings.is_object() || !settings.contains("points") ||
        !settings.contains("repetitions"))
      throw Error(fmt::format("{} is not a sweep's settings file", path));
    if (!settings.contains("shard")) throw Error(fmt::format("{} is the folder of an unsharded sweep", folder));
    const Shard shard = parse_shard(settings["shard"].get<std::string>());
    settings.erase("shard");
    if (common.is_null()) {
      common = settings;
      count = shard.count;
    } else if (const std::string d = first_difference(common, settings); !d.empty()) {
      throw Error(fmt::format("{} belongs to another sweep than {}: {}", folder, shard_folders.front(), d));
    }
    if (shard.count != count)
      throw Error(fmt::format("{} is shard {}, the others are shards of {}", folder, shard.text(), count));
    if (const auto [it, fresh] = folder_of_shard.emplace(shard.index, folder); !fresh)
      throw Error(fmt::format("{} and {} are both shard {}", it->second, folder, shard.text()));
    const long points = static_cast<long>(settings["points"].size());
    const int repetitions = settings["repetitions"].get<int>();
    const std::map<long, Json> rows = read_journal((fs::path(folder) / "journal.jsonl").string(), points, repetitions, false);
    long expected = 0;
    for (long index = 0; index < points * repetitions; ++index) {
      if (!shard.owns(index)) continue;
      ++expected;
      const auto it = rows.find(index);
      if (it == rows.end()) continue;
      journal.emplace(index, it->second);
    }
    long found = 0;
    for (const auto& [index, row] : rows) found += shard.owns(index) ? 1 : 0;
    if (found != expected || static_cast<long>(rows.size()) != found)
      throw Error(fmt::format("{}: shard {} has {} of its {} runs (re-run its command to finish it)", folder,
                              shard.text(), found, expected));
  }
  for (long index = 0; index < count; ++index)
    if (!folder_of_shard.contains(index)) throw Error(fmt::format("shard {}/{} is missing", index, count));

  fs::create_directories(out);
  check_or_store_settings(out, common);
  const int repetitions = common["repetitions"].get<int>();
  std::string text;
  for (const auto& [index, row] : journal) text += journal_line({index / repetitions, static_cast<int>(index % repetitions)}, row);
  write_file((fs::path(out) / "journal.jsonl").string(), text);
  std::vector<Json> points(common["points"].begin(), common["points"].end());
  write_results_csv((fs::path(out) / "results.csv").string(), canonical_rows(points, repetitions, journal));
  return static_cast<long>(journal.size());
}

}  // namespace memo::sweep
