// Preparing image columns (d, n) the way the papers did: scale to [0,1] (image_columns does it),
// subtract the mean image and rescale to norm r (NTK Fig. 4b), downsample (MEM's
// 7×7 and 3×3 convolutional experiments), binarise.
#pragma once
#include "lib/core/types.hpp"

namespace memo {

// The mean of the columns (the mean image).
Vec mean_column(const Mat& X);
// X − mean 1ᵀ. Pass the mean of a larger set to centre a selection by the data set's mean.
Mat subtract_mean(const Mat& X, const Vec& mean);
Mat subtract_mean(const Mat& X);  // by its own mean: the columns then sum to zero

// Every column scaled to Euclidean norm r > 0. A zero column has no direction: Error.
Mat rescale_to_norm(const Mat& X, double r);

// Images of height × width (entry row·width + col, as image_columns lays them out) reduced
// by averaging factor × factor blocks: 28×28 → 14×14 (factor 2) or 7×7 (factor 4). Block
// averages keep the [0,1] range and the mean intensity.
Mat downsample(const Mat& X, int height, int width, int factor);

// 1 where the value exceeds `threshold`, else 0.
Mat binarize(const Mat& X, double threshold = 0.5);

}  // namespace memo
