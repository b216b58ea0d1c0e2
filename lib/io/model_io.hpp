// MLP weights as .npz: W0, b0, W1, b1, … with W_l of shape (out, in) like PyTorch's
// Linear.weight and b_l of shape (out,); no b_l when the network has no bias.
#pragma once
#include <string>
#include "lib/nn/mlp.hpp"

namespace memo {

void save_mlp(const std::string& path, const Mlp& net);
// Replaces the weights of `net` (whose widths and bias setting must match the file).
void load_mlp_weights(const std::string& path, Mlp& net);

}  // namespace memo
