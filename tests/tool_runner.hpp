// Runs a built program (build/bin/…) as a user would and returns its exit status and output.
#pragma once
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "lib/cli/subprocess.hpp"

namespace memo::testing {

using ToolOutput = CommandOutput;

// The tools come from build/bin, or from $MEMO_TOOLS_DIR (make sanitize points it at its own
// build). status: the exit status, −1 when the program did not exit normally; out: stdout and
// stderr together.
inline std::string tool_path(const std::string& name) {
  const char* tools = std::getenv("MEMO_TOOLS_DIR");
  return (tools && *tools ? std::string(tools) : std::string(MEMO_SOURCE_DIR) + "/build/bin") + "/" + name;
}

inline ToolOutput run_tool(const std::string& command) { return run_command_output(tool_path(command) + " 2>&1"); }

// Starts `command` (a full command line) in the background, its output to /dev/null, and
// returns its pid.
inline pid_t start_command(const std::string& command) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string full = "exec " + command + " >/dev/null 2>&1";
    execl("/bin/sh", "sh", "-c", full.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// Waits until done() or the process exits (at most 20 s), then kills it with SIGKILL. Returns
// true when it was still running (so the kill really interrupted it).
template <typename Done>
bool kill_when(pid_t pid, Done&& done) {
  for (int i = 0; i < 20000 && !done(); ++i) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const bool running = waitpid(pid, nullptr, WNOHANG) == 0;
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return running;
}

}  // namespace memo::testing
