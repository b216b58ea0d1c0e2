#include "lib/io/model_io.hpp"

#include <fmt/format.h>
#include <set>

#include "lib/io/npy.hpp"

namespace memo {

void save_mlp(const std::string& path, const Mlp& net) {
  NpzEntries entries;
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const Linear& layer = net.layers[l];
    entries.emplace_back(fmt::format("W{}", l), to_npy(layer.weight.value));
    if (layer.has_bias) {
      NpyArray b = to_npy(layer.bias.value);
      b.shape = {b.shape[0]};  // PyTorch's Linear.bias is 1-D
      entries.emplace_back(fmt::format("b{}", l), std::move(b));
    }
  }
  write_npz(path, entries);
}

void load_mlp_weights(const std::string& path, Mlp& net) {
  const NpzEntries entries = read_npz(path);
  std::set<std::string> used;
  auto find = [&](const std::string& key) -> const NpyArray* {
    for (const auto& [name, arr] : entries)
      if (name == key) return used.insert(key), &arr;
    return nullptr;
  };
  for (size_t l = 0; l < net.layers.size(); ++l) {
    Linear& layer = net.layers[l];
    const std::string wkey = fmt::format("W{}", l), bkey = fmt::format("b{}", l);
    const NpyArray* W = find(wkey);
    if (!W) throw Error(fmt::format("{}: missing {} (widths {} layers)", path, wkey, net.layers.size()));
    const Mat w = to_matrix(*W, path + ":" + wkey);
    if (w.rows() != layer.weight.value.rows() || w.cols() != layer.weight.value.cols())
      throw Error(fmt::format("{}: {} has shape {}, the widths need {}", path, wkey, shape_string(w),
                              shape_string(layer.weight.value)));
    layer.weight.value = w;
    const NpyArray* b = find(bkey);
    if (layer.has_bias != (b != nullptr))
      throw Error(fmt::format("{}: {} {} but the network is built {} bias", path, bkey,
                              b ? "present" : "missing", layer.has_bias ? "with" : "without"));
    if (b) {
      const Mat bias = to_matrix(*b, path + ":" + bkey);
      if (bias.rows() != layer.weight.value.rows() || bias.cols() != 1)
        throw Error(fmt::format("{}: {} has shape {}, expected ({},)", path, bkey, shape_string(bias),
                                layer.weight.value.rows()));
      layer.bias.value = bias;
    }
  }
  for (const auto& [name, arr] : entries)
    if (!used.count(name))
      throw Error(fmt::format("{}: unexpected array '{}' (the widths give {} layers)", path, name,
                              net.layers.size()));
}

}  // namespace memo
