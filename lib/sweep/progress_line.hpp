// The sweep's progress line on a terminal, about once a second: runs done/total, runs per
// minute (of this session) and the time left at that rate. Nothing when stdout is not a terminal.
#pragma once
#include <chrono>
#include <string>

namespace memo::sweep {

class ProgressLine {
 public:
  ProgressLine(std::string name, long total, long done_before, bool enabled);
  ~ProgressLine();
  // Call with the runs done so far (including those done before this session); redraws when
  // a second has passed since the last line.
  void update(long done);

 private:
  std::string name_;
  long total_, done_before_;
  bool enabled_, drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

// "3h07m", "12m05s", "41s".
std::string duration_text(double seconds);

}  // namespace memo::sweep
