// The flags that name a saved MLP, shared by the tools that read one back (jacobian, iterate,
// theory ntk-predict): --weights, and --widths, --act, --param, --bias with train's meaning.
// A file train wrote records its architecture, so those four are optional and must agree with
// it when given; a file without the record (NumPy, PyTorch) needs --widths and the rest.
#pragma once
#include <string>
#include "lib/cli/cli.hpp"
#include "lib/nn/mlp.hpp"

namespace memo {

struct NetworkFlags {
  std::string weights;  // .npz written by train --save (W0, b0, W1, …, architecture)
  std::string widths;   // empty: from the file
  std::string act;      // empty: from the file, else sigmoid
  std::string param;    // empty: from the file, else standard
  int bias = -1;        // −1: from the file, else the parametrisation's default (standard: bias, ntk: none)
};
void add_network_flags(CLI::App& app, NetworkFlags& flags);
// Builds the network the file (and the flags) describe and loads its weights.
Mlp load_network(const NetworkFlags& flags);

}  // namespace memo
