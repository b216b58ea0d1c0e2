#include "lib/sweep/settings.hpp"

#include <filesystem>
#include <fmt/format.h>

#include "lib/core/types.hpp"
#include "lib/io/npy.hpp"

namespace memo::sweep {

Json sweep_settings(const Sweep& sweep, const Shard& shard) {
  Json settings = Json::object();
  settings["name"] = sweep.name;
  settings["seed"] = sweep.seed;
  settings["repetitions"] = sweep.repetitions;
  settings["config"] = sweep.config;
  settings["points"] = sweep.points;
  if (!shard.whole()) settings["shard"] = shard.text();
  return settings;
}

namespace {
std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }
}  // namespace

std::string first_difference(const Json& there, const Json& here, const std::string& path) {
  if (there.is_object() && here.is_object()) {
    for (const auto& [key, value] : there.items()) {
      const std::string inner = join(path, key);
      if (!here.contains(key)) return fmt::format("{} is {} there, absent here", inner, value.dump());
      if (std::string d = first_difference(value, here.at(key), inner); !d.empty()) return d;
    }
    for (const auto& [key, value] : here.items())
      if (!there.contains(key)) return fmt::format("{} is absent there, {} here", join(path, key), value.dump());
    return {};
  }
  if (there.is_array() && here.is_array()) {
    for (size_t i = 0; i < std::min(there.size(), here.size()); ++i)
      if (std::string d = first_difference(there[i], here[i], fmt::format("{}[{}]", path, i)); !d.empty()) return d;
    if (there.size() != here.size())
      return fmt::format("{} has {} entries there, {} here", path.empty() ? "the document" : path, there.size(),
                         here.size());
    return {};
  }
  if (there != here)
    return fmt::format("{} is {} there, {} here", path.empty() ? "the document" : path, there.dump(), here.dump());
  return {};
}

void check_or_store_settings(const std::string& folder, const Json& settings) {
  const std::string path = (std::filesystem::path(folder) / "sweep.json").string();
  if (!std::filesystem::exists(path)) {
    write_file(path, settings.dump(2) + "\n");
    return;
  }
  const Json stored = Json::parse(read_file(path), nullptr, false);
  if (stored.is_discarded()) throw Error(fmt::format("{} is not JSON (use --fresh to start over)", path));
  if (const std::string d = first_difference(stored, settings); !d.empty())
    throw Error(fmt::format("{} was started with other settings: {} (use --fresh to start over, or another --out)",
                            folder, d));
}

}  // namespace memo::sweep
