// A progress line on a terminal, about once a second; silent when stdout is not a terminal.
#pragma once
#include <chrono>
#include <string>

namespace memo {

class Progress {
 public:
  explicit Progress(bool enabled);
  ~Progress();
  // Redraws the line when a second has passed since the last one.
  void update(long epoch, double loss);
  bool enabled() const { return enabled_; }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

bool stdout_is_terminal();

}  // namespace memo
