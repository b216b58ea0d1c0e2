#include "lib/sweep/progress_line.hpp"

#include <cmath>
#include <cstdio>
#include <fmt/format.h>

#include "lib/cli/progress.hpp"

namespace memo::sweep {

ProgressLine::ProgressLine(std::string name, long total, long done_before, bool enabled)
    : name_(std::move(name)),
      total_(total),
      done_before_(done_before),
      enabled_(enabled && stdout_is_terminal()),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

ProgressLine::~ProgressLine() {
  if (drawn_) std::fputs("\r\033[K", stdout), std::fflush(stdout);
}

std::string duration_text(double seconds) {
  const long s = std::lround(seconds);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

void ProgressLine::update(long done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::seconds(1)) return;
  last_ = now;
  const double minutes = std::chrono::duration<double>(now - start_).count() / 60;
  const double per_minute = (done - done_before_) / minutes;
  const std::string eta = per_minute > 0 ? duration_text((total_ - done) / per_minute * 60) : "?";
  fmt::print("\r\033[K{}: {}/{} runs, {:.1f} runs/min, ETA {}", name_, done, total_, per_minute, eta);
  std::fflush(stdout);
  drawn_ = true;
}

}  // namespace memo::sweep
