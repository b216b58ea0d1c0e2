// The U-Net of am-unet (AM Figs. S5, S6) and mem-unet (MEM Fig. 1b) as settings: the same
// flags with the same meaning in both apps (lib/nn/unet.hpp has the architecture).
#pragma once
#include <fmt/format.h>
#include <string>

#include "lib/cli/settings.hpp"
#include "lib/nn/unet.hpp"

namespace memo {

struct UNetNetwork {
  std::string act = "leaky_relu", init = "default";
  int size = 8, levels = 3, width = 8, first_skip = 0;

  template <typename Field>
  void fields(Field&& field) {
    field("size", size, "image side: 32, or a smaller power of 2 (average-pooled)", within(2, 32));
    field("levels", levels, "U-Net levels (stride-2 downsamplings); size must be divisible by 2^levels", within(0, 5));
    field("width", width, "channels of the U-Net's first level (doubling per level)", within(1, 64));
    field("first_skip", first_skip, "levels below this have no skip connection (0: every level has one)", within(0, 5));
    field("act", act, "activation after every conv but the last");
    field("init", init, "initialisation (default: PyTorch's)");
  }

  // Adam from this network's init on size × size single-channel images.
  UNetTraining training(double lr, double tol, long max_epochs) const {
    return {{{1, size, size}, levels, width, first_skip, parse_activation(act)}, init, lr, tol, max_epochs};
  }
  // "3 levels, width 8, leaky_relu": for the notes.
  std::string description() const { return fmt::format("{} levels, width {}, {}", levels, width, act); }
};

}  // namespace memo
