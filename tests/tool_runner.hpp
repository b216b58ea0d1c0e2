// Runs a built program (build/bin/…) as a user would and returns its exit status and output.
#pragma once
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/wait.h>

namespace memo::testing {

struct ToolOutput {
  int status;       // exit status, −1 when the program did not exit normally
  std::string out;  // stdout and stderr together
};

// The tools come from build/bin, or from $MEMO_TOOLS_DIR (make sanitize points it at its own build).
inline ToolOutput run_tool(const std::string& command) {
  const char* tools = std::getenv("MEMO_TOOLS_DIR");
  const std::string dir = tools && *tools ? tools : std::string(MEMO_SOURCE_DIR) + "/build/bin";
  const std::string full = dir + "/" + command + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  if (!pipe) return {-1, "popen failed: " + full};
  std::string out;
  std::array<char, 4096> buffer{};
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace memo::testing
