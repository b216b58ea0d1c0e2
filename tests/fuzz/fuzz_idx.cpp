// libFuzzer target: the IDX reader (plain or gzip) on arbitrary bytes.
#include <cstdint>
#include <string>

#include "datasets/idx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const memo::IdxArray arr = memo::decode_idx(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
    size_t count = 1;
    for (size_t s : arr.shape) count *= s;
    if (count != arr.data.size()) __builtin_trap();
  } catch (const memo::Error&) {
  }
  return 0;
}
