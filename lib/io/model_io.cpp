#include "lib/io/model_io.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <set>

#include "lib/io/memory.hpp"

namespace memo {
namespace {

constexpr char kArchitectureKey[] = "architecture";
constexpr char kFormat[] = "memo-mlp";

NpyArray json_bytes(const std::string& text) {
  NpyArray arr;
  arr.dtype = "u1";
  arr.shape = {text.size()};
  for (unsigned char c : text) arr.data.push_back(c);
  return arr;
}

}  // namespace

MlpArchitecture architecture_of(const Mlp& net) {
  return {net.widths, activation_name(net.activation), parametrization_name(net.parametrization),
          !net.layers.empty() && net.layers.front().has_bias};
}

void check_mlp_memory(const std::vector<int>& widths, double examples, const std::string& what) {
  double parameters = 0, units = 0;
  for (size_t l = 0; l < widths.size(); ++l) {
    units += widths[l];
    if (l + 1 < widths.size()) parameters += double(widths[l]) * widths[l + 1] + widths[l + 1];
  }
  // value, gradient and two optimizer moments per parameter; a few matrices per layer's activations
  check_memory(8 * (4 * parameters + 4 * units * std::max(1.0, examples)), what);
}

std::optional<MlpArchitecture> read_architecture(const NpzEntries& entries, const std::string& path) {
  const NpyArray* arr = nullptr;
  for (const auto& [name, a] : entries)
    if (name == kArchitectureKey) arr = &a;
  if (!arr) return std::nullopt;
  const std::string what = fmt::format("{}: entry '{}'", path, kArchitectureKey);
  if (arr->dtype != "u1" || arr->shape.size() != 1)
    throw Error(fmt::format("{} must be a 1-D uint8 array of JSON text", what));
  std::string text;
  for (double v : arr->data) text += static_cast<char>(static_cast<unsigned char>(v));
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  MlpArchitecture arch;
  try {
    if (doc.is_discarded()) throw Error("is not JSON");
    if (doc.at("format").get<std::string>() != kFormat) throw Error(fmt::format("format is not '{}'", kFormat));
    for (const auto& w : doc.at("widths")) {
      const auto width = w.get<long long>();
      if (width < 1 || width > 1'000'000'000) throw Error(fmt::format("width {} is not in 1 … 10^9", width));
      arch.widths.push_back(static_cast<int>(width));
    }
    if (arch.widths.size() < 2) throw Error("needs at least two widths");
    arch.activation = doc.at("activation").get<std::string>();
    arch.parametrization = doc.at("parametrization").get<std::string>();
    arch.bias = doc.at("bias").get<bool>();
    parse_activation(arch.activation);
    parse_parametrization(arch.parametrization);
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{} is malformed ({})", what, e.what()));
  } catch (const Error& e) {
    throw Error(fmt::format("{}: {}", what, e.what()));
  }
  return arch;
}

Mlp make_mlp(const MlpArchitecture& arch) {
  check_mlp_memory(arch.widths, 1, fmt::format("a network of widths {}", fmt::join(arch.widths, ",")));
  Rng rng(0);
  return make_mlp(arch.widths, parse_activation(arch.activation), parse_parametrization(arch.parametrization),
                  arch.bias, rng);
}

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
  const MlpArchitecture arch = architecture_of(net);
  const nlohmann::ordered_json doc = {{"format", kFormat},
                                      {"widths", arch.widths},
                                      {"activation", arch.activation},
                                      {"parametrization", arch.parametrization},
                                      {"bias", arch.bias}};
  entries.emplace_back(kArchitectureKey, json_bytes(doc.dump()));
  write_npz(path, entries);
}

void load_mlp_weights(const std::string& path, Mlp& net) { load_mlp_weights(read_npz(path), path, net); }

void load_mlp_weights(const NpzEntries& entries, const std::string& path, Mlp& net) {
  if (const auto arch = read_architecture(entries, path)) {
    const MlpArchitecture want = architecture_of(net);
    if (arch->widths != want.widths || activation_name(parse_activation(arch->activation)) != want.activation ||
        arch->parametrization != want.parametrization || arch->bias != want.bias)
      throw Error(fmt::format("{} holds a network with widths {}, activation {}, {} parametrisation, {} bias; "
                              "expected widths {}, {}, {}, {} bias",
                              path, fmt::join(arch->widths, ","), arch->activation, arch->parametrization,
                              arch->bias ? "with" : "without", fmt::join(want.widths, ","), want.activation,
                              want.parametrization, want.bias ? "with" : "without"));
  }
  std::set<std::string> used = {kArchitectureKey};
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
    if (!w.allFinite()) throw Error(fmt::format("{}: {} holds NaN or infinite weights", path, wkey));
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
      if (!bias.allFinite()) throw Error(fmt::format("{}: {} holds NaN or infinite biases", path, bkey));
      layer.bias.value = bias;
    }
  }
  for (const auto& [name, arr] : entries)
    if (!used.count(name))
      throw Error(fmt::format("{}: unexpected array '{}' (the widths give {} layers)", path, name,
                              net.layers.size()));
}

}  // namespace memo
