// Runs a built program (build/bin/…) as a user would and returns its exit status and output.
#pragma once
#include <string>

#include "lib/cli/subprocess.hpp"

namespace memo::testing {

using ToolOutput = CommandOutput;

// status: the exit status, −1 when the program did not exit normally; out: stdout and stderr.
inline CommandOutput run_tool(const std::string& command) {
  return run_command_output(std::string(MEMO_SOURCE_DIR) + "/build/bin/" + command + " 2>&1");
}

}  // namespace memo::testing
