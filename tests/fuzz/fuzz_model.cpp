// libFuzzer target: the model-file reader (.npz with an architecture record, then the
// weights into the network the record describes).
#include <cstdint>
#include <string>

#include "lib/io/model_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const memo::NpzEntries entries = memo::parse_npz(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
    const auto arch = memo::read_architecture(entries, "fuzz");
    if (!arch) return 0;
    // A record may honestly describe a network of gigabytes; the fuzzer's 2 GB limit would call
    // that a leak, so the harness stops at networks no input of a few KB could fill.
    double parameters = 0;
    for (size_t l = 0; l + 1 < arch->widths.size(); ++l) parameters += double(arch->widths[l]) * arch->widths[l + 1];
    if (parameters > 1e6 || arch->widths.size() > 64) return 0;
    memo::Mlp net = memo::make_mlp(*arch);
    memo::load_mlp_weights(entries, "fuzz", net);
  } catch (const memo::Error&) {
  }
  return 0;
}
