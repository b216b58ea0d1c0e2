// libFuzzer target: the .npz (zip) reader on arbitrary bytes.
#include <cstdint>
#include <string>

#include "lib/io/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    memo::parse_npz(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
  } catch (const memo::Error&) {
  }
  return 0;
}
