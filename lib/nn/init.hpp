// Layer initialisations with PyTorch's formulas, shared by MLPs and conv nets:
//   "default" (PyTorch's nn.Linear / nn.Conv2d: weight and bias U(−1/√fan_in, 1/√fan_in)),
//   "zero", "const:c", "uniform:a" (U[−a,a]), "normal:s" (N(0,s²)),
//   "xavier_uniform", "xavier_normal" (gain 1), "kaiming_uniform", "kaiming_normal" (gain √2).
// Weights and biases both follow default/zero/const/uniform/normal; Xavier and Kaiming set the
// weights and zero the biases.
#pragma once
#include <string>
#include "lib/core/random.hpp"

namespace memo {

// Fills `weight` (its shape already set) and returns the bias column (weight.rows() × 1),
// drawing the weight first and then the bias. Throws Error on an unknown or malformed spec.
Mat initialize_layer(const std::string& spec, double fan_in, double fan_out, Mat& weight, Rng& rng);

}  // namespace memo
