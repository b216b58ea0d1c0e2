// MEM Table 2 (App. F): linear conv autoencoders with one kernel-3
// filter per layer and ⌈s⁴/9⌉ layers (the heuristic depth), every parameter initialised to the
// same small constant, trained on s×s Gaussian images; memorisation shows as a spectrum of
// n eigenvalues ≈ 1 and the rest ≈ 0 (M ≈ X X^+).
//
// Training as in the paper: GD lr 0.1 until MSE < 1e-6, Adam lr 1e-4 beyond 10 layers, skip
// connections every 10 layers for the rows marked * (over 100 layers). The paper does not say
// what its images are; we draw them from N(0, 1) as in Table 1. The constant of the
// initialisation is not given either ("as close to zero as possible"); the init setting sets it.
// quick: rows 2×2 (3 layers), 3×3 (9), 4×4 (29), 5×5 (70) and 3×3 with 3 images (10);
// paper: all nine rows of Table 2 (the rows with skips take minutes to hours).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::mem {

struct ConvTable2Settings {
  std::vector<int> rows{1, 2, 3, 4, 7};  // row numbers of Table 2, 1–9
  std::string init = "const:0.1", images = "gaussian", optimizer = "paper";
  double tol = 1e-6;
  long max_epochs = 200000;

  int runs = 1;  // repetitions per setting, each with its own images and init
  static constexpr bool sweeps = true;

  template <typename Field>
  void fields(Field&& field) {
    field("rows", rows, "row numbers of Table 2 (1–9)", within(1, 9));
    field("init", init, "initialisation of every layer (const:c, default, xavier_uniform, …)");
    field("images", images, "training images: gaussian, abs (|N(0,1)|) or square (App. H's white squares)");
    field("optimizer", optimizer, "paper (GD lr 0.1 up to 10 layers, Adam lr 1e-4 beyond) or gd (GD lr 0.1 throughout)");
    field("tol", tol, "train until the MSE is below this", positive());
    field("max_epochs", max_epochs, "epoch limit per row", at_least(1));
    field("runs", runs, "independent runs per setting (own images and init); medians and quartiles are compared", at_least(1));
  }
};

std::vector<std::pair<std::string, ConvTable2Settings>> conv_table2_presets();
ExperimentResult run_conv_table2(const ConvTable2Settings& settings, const ExperimentContext& context);

}  // namespace memo::mem
