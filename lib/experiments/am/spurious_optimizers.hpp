// AM Fig. S4 (appendix Fig. 9): with every optimizer (GD, GD + momentum, GD + momentum + weight
// decay, RMSprop, Adam), an autoencoder of 11 hidden layers × 256 (SELU, PyTorch default init,
// lr 0.1 for all five, momentum 0.009, weight decay 1e-4) trained on 100 images leaves some
// training images that are not attractors ("spurious training examples"); the figure shows a
// few of them per optimizer. The cells are those of lib/experiments/am/attractor_table.hpp
// (Fashion-MNIST for b/w CIFAR-10, the attractor test at each image's Newton fixed point).
//
// The paper shows spurious examples for every optimizer but gives no counts. A network that
// does not reach the loss threshold is NA and is not counted either way. RMSprop and Adam at
// lr 0.1 do not train here (the loss stalls far above the threshold): NA. quick (20 images of
// 7×7, 3 × 64) stops at MSE 1e-3, since GD at lr 0.1 stalls near 3e-4 at that size.
#pragma once
#include "lib/experiments/am/attractor_table.hpp"

namespace memo::am {

// The per-cell comparisons of run_attractor_table and its Prop. 1 check (without Table S1's
// values, table and "attractors in every trained cell", which used other learning rates), and "optimizers with spurious training examples": trained optimizers with at least one
// image that is not an attractor, against all trained ones. Figure: up to 6 of them per optimizer.
ExperimentResult run_spurious_optimizers(const AttractorTableSettings& settings, const ExperimentContext& context);

}  // namespace memo::am
