// The readings MEM Tables 1 and 2 (App. F) leave open, as settings of mem-conv-table1/2: which
// images ("normally distributed" in Table 1's caption, unnamed in Table 2) and which constant a
// "close to zero" initialisation uses.
#pragma once
#include <string>

#include "lib/core/random.hpp"
#include "lib/nn/conv_net.hpp"

namespace memo::mem {

// n images of size × size as columns (size², n):
//   gaussian: every pixel N(0, 1) (Table 1's caption);
//   abs:      every pixel |N(0, 1)|, non-negative like real images;
//   square:   a white square (ones) of random side and position on black (zeros), as App. H's
//             training images; redrawn until the n images are linearly independent.
Mat table_images(const std::string& kind, int size, int n, Rng& rng);
// Throws (Error naming --images) unless `kind` is one of the above: before any run starts.
void check_image_kind(const std::string& kind);

// `init` as lib/nn/init's initialize, plus const_over_filters:c — every parameter c/filters, a
// constant that shrinks as the layers widen, so that the output at initialisation does not grow
// with the number of filters. A constant keeps every filter of a layer identical through
// training (they receive identical gradients), so the net behaves as a single-filter one.
void initialize_table_net(ConvNet& net, const std::string& init, int filters, Rng& rng);

}  // namespace memo::mem
