// Every experiment app (build/bin/am-*, mem-*, ntk-*, ext-*) keeps the app conventions: --help
// lists the presets and exits 0; an unknown flag, an unknown preset and a value outside a
// setting's bounds are each one line and exit 2. The apps are found on disk, so an app added
// later is checked without touching this file.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/scratch.hpp"
#include "tests/tool_runner.hpp"

using namespace memo;
using namespace memo::testing;

namespace {

std::vector<std::string> experiment_apps() {
  const char* tools = std::getenv("MEMO_TOOLS_DIR");
  const std::filesystem::path dir = tools && *tools ? tools : std::string(MEMO_SOURCE_DIR) + "/build/bin";
  std::vector<std::string> apps;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    for (const char* prefix : {"am-", "mem-", "ntk-", "ext-"})
      if (name.rfind(prefix, 0) == 0) apps.push_back(name);
  }
  std::sort(apps.begin(), apps.end());
  return apps;
}

long line_count(const std::string& text) {
  return static_cast<long>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("every experiment app: --help with its presets, and bad flags as one line with exit 2") {
  const std::vector<std::string> apps = experiment_apps();
  CHECK(apps.size() >= 16);
  const std::string out = (memo::testing::scratch_root() / "every-app").string();
  for (const std::string& app : apps) {
    CAPTURE(app);
    const ToolOutput help = run_tool(app + " --help");
    CHECK(help.status == 0);
    CHECK(help.out.find("--preset") != std::string::npos);
    CHECK(help.out.find("paper") != std::string::npos);
    CHECK(help.out.find("--seed") != std::string::npos);
    CHECK(help.out.find("--json") != std::string::npos);
    for (const std::string& bad : {std::string("--no-such-flag 1"), std::string("--preset no-such-preset"),
                                   std::string("--seed -1"), std::string("--threads -3")}) {
      CAPTURE(bad);
      const ToolOutput refused = run_tool(app + " " + bad + " --out " + out + "/" + app);
      CHECK(refused.status == 2);
      CHECK(line_count(refused.out) == 1);
    }
  }
}
