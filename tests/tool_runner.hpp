// Runs a built program (build/bin/…) as a user would and returns its exit status and output.
#pragma once
#include <cstdlib>
#include <string>

#include "lib/cli/subprocess.hpp"

namespace memo::testing {

using ToolOutput = CommandOutput;

// The tools come from build/bin, or from $MEMO_TOOLS_DIR (make sanitize points it at its own
// build). status: the exit status, −1 when the program did not exit normally; out: stdout and
// stderr together.
inline ToolOutput run_tool(const std::string& command) {
  const char* tools = std::getenv("MEMO_TOOLS_DIR");
  const std::string dir = tools && *tools ? tools : std::string(MEMO_SOURCE_DIR) + "/build/bin";
  return run_command_output(dir + "/" + command + " 2>&1");
}

}  // namespace memo::testing
