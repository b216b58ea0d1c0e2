#include "lib/io/memory.hpp"

#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "lib/core/types.hpp"

namespace memo {

std::optional<double> available_memory_bytes() {
  std::optional<double> available;
  std::ifstream meminfo("/proc/meminfo");
  for (std::string line; std::getline(meminfo, line);) {
    std::istringstream fields(line);
    std::string key;
    double kib = 0;
    if (fields >> key >> kib && key == "MemAvailable:") available = kib * 1024;
  }
  std::ifstream cgroup("/sys/fs/cgroup/memory.max");
  double limit = 0;
  if (cgroup >> limit) {  // "max" (no limit) fails to parse as a number
    double used = 0;
    std::ifstream current("/sys/fs/cgroup/memory.current");
    current >> used;
    const double left = std::max(0.0, limit - used);
    available = available ? std::min(*available, left) : left;
  }
  return available;
}

void check_memory(double bytes, const std::string& what) {
  const std::optional<double> available = available_memory_bytes();
  if (available && bytes > *available)
    throw Error(fmt::format("{} needs {:.3g} GB, {:.3g} GB available", what, bytes / 1e9, *available / 1e9));
}

std::optional<uint64_t> checked_product(uint64_t a, uint64_t b) {
  uint64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) return std::nullopt;
  return product;
}

std::optional<uint64_t> checked_product(const std::vector<size_t>& shape) {
  uint64_t count = 1;
  for (size_t s : shape) {
    const auto next = checked_product(count, s);
    if (!next) return std::nullopt;
    count = *next;
  }
  return count;
}

}  // namespace memo
