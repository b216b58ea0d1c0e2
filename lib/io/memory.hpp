// Size checks before allocating: a hostile or mistaken size (a file header, --widths, --copies)
// must end in one line naming what was asked for, not in std::bad_alloc or the OOM killer.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace memo {

// Memory this process can still get: MemAvailable of /proc/meminfo, lowered by a cgroup limit
// (memory.max) when there is one; nothing when neither can be read.
std::optional<double> available_memory_bytes();

// Throws Error("<what> needs N GB, M GB available") when `bytes` exceeds what is available.
// `bytes` is a double so that callers can multiply sizes without overflow.
void check_memory(double bytes, const std::string& what);

// a · b, or nothing when the product does not fit in 64 bits.
std::optional<uint64_t> checked_product(uint64_t a, uint64_t b);
// The product of a shape, or nothing on overflow.
std::optional<uint64_t> checked_product(const std::vector<size_t>& shape);

}  // namespace memo
