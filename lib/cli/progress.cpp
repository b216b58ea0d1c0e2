#include "lib/cli/progress.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <unistd.h>

namespace memo {

bool stdout_is_terminal() { return isatty(fileno(stdout)) != 0; }

Progress::Progress(bool enabled)
    : enabled_(enabled && stdout_is_terminal()),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() {
  if (drawn_) std::fputs("\r\033[K", stdout), std::fflush(stdout);
}

void Progress::update(long epoch, double loss) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::seconds(1)) return;
  last_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  fmt::print("\r\033[Kepoch {:>9}  loss {:.6e}  {:.0f} epochs/s", epoch, loss, epoch / seconds);
  std::fflush(stdout);
  drawn_ = true;
}

}  // namespace memo
