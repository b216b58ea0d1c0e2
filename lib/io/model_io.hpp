// MLP weights as .npz: W0, b0, W1, b1, … with W_l of shape (out, in) like PyTorch's
// Linear.weight and b_l of shape (out,); no b_l when the network has no bias. memo also writes
// an entry "architecture": the widths, activation, parametrisation and bias as JSON text in a
// uint8 array, which NumPy reads as bytes(np.load(path)["architecture"]).decode(). Files
// without it (written by NumPy or PyTorch) load when the caller supplies the architecture.
#pragma once
#include <optional>
#include <string>
#include "lib/io/npy.hpp"
#include "lib/nn/mlp.hpp"

namespace memo {

// What a model file says about its network.
struct MlpArchitecture {
  std::vector<int> widths;
  std::string activation;       // as parse_activation reads it, e.g. "linear:0.25,0.5"
  std::string parametrization;  // standard | ntk
  bool bias = true;
};

MlpArchitecture architecture_of(const Mlp& net);
// Throws "<what> needs N GB, M GB available" when an MLP of these widths, with its gradients,
// optimizer state and the activations of `examples` columns, cannot fit in memory.
void check_mlp_memory(const std::vector<int>& widths, double examples, const std::string& what);
// The "architecture" entry of a model file, checked; nothing when the file has none.
std::optional<MlpArchitecture> read_architecture(const NpzEntries& entries, const std::string& path);
// A network with the recorded architecture (weights from the default initialisation), after
// check_mlp_memory.
Mlp make_mlp(const MlpArchitecture& arch);

void save_mlp(const std::string& path, const Mlp& net);
// Replaces the weights of `net`, whose widths and bias setting must match the file (and whose
// activation and parametrisation must match the file's architecture entry when it has one).
void load_mlp_weights(const std::string& path, Mlp& net);
void load_mlp_weights(const NpzEntries& entries, const std::string& path, Mlp& net);

}  // namespace memo
