// libFuzzer target: the .npy parser on arbitrary bytes. Any outcome but a parsed array or a
// memo::Error (a crash, a sanitizer report, another exception) is a finding.
#include <cstdint>
#include <string>

#include "lib/io/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const memo::NpyArray arr = memo::parse_npy(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
    if (arr.size() != arr.data.size()) __builtin_trap();
    if (arr.shape.size() <= 2) (void)memo::to_matrix(arr, "fuzz");
  } catch (const memo::Error&) {
  }
  return 0;
}
