#include "lib/cli/subprocess.hpp"

#include <array>
#include <cstdio>
#include <sys/wait.h>

namespace memo {

namespace {

int exit_status(int status) { return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

}  // namespace

int run_command_with_input(const std::string& command, const std::string& input) {
  FILE* pipe = popen(command.c_str(), "w");
  if (!pipe) return -1;
  std::fputs(input.c_str(), pipe);
  return exit_status(pclose(pipe));
}

CommandOutput run_command_output(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return {};
  CommandOutput result;
  std::array<char, 4096> buffer{};
  while (size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) result.out.append(buffer.data(), n);
  result.status = exit_status(pclose(pipe));
  return result;
}

bool program_available(const std::string& program) {
  return run_command_output("command -v " + program + " >/dev/null 2>&1").status == 0;
}

}  // namespace memo
