// The flags that name a saved MLP, shared by the tools that read one back (jacobian, iterate):
// --weights, --widths, --act, --param, --bias, with the same meaning and defaults as train's.
#pragma once
#include <string>
#include "lib/cli/cli.hpp"
#include "lib/nn/mlp.hpp"

namespace memo {

struct NetworkFlags {
  std::string weights;  // .npz written by train --save (W0, b0, W1, …)
  std::string widths;
  std::string act = "sigmoid";
  std::string param = "standard";
  int bias = -1;  // −1: the parametrisation's default (standard: with bias, ntk: without)
};
void add_network_flags(CLI::App& app, NetworkFlags& flags);
// Builds the network the flags describe and loads its weights.
Mlp load_network(const NetworkFlags& flags);

}  // namespace memo
