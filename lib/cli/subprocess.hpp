// The one way memo runs another program: through the shell, optionally feeding it text on
// stdin or reading its stdout (gnuplot for figures, the test suite running the built tools).
#pragma once
#include <string>

namespace memo {

struct CommandOutput {
  int status = -1;     // exit status; −1 when the program did not exit normally or did not start
  std::string out;     // what it wrote on stdout (and stderr, if the command redirects it)
};

// Runs `command` with `input` on its stdin. Its stdout goes to the terminal.
int run_command_with_input(const std::string& command, const std::string& input);
// Runs `command` and collects its stdout.
CommandOutput run_command_output(const std::string& command);
// True when `program` is found on PATH.
bool program_available(const std::string& program);

}  // namespace memo
