// Elementwise activations with their first three derivatives. The theory modules
// need φ'' and φ''' (NTK gradient), so every activation provides all four.
#pragma once
#include <string>
#include <vector>
#include "lib/core/types.hpp"

namespace memo {

enum class ActivationKind {
  sigmoid, tanh, erf, sigmoid_erf, relu, leaky_relu, selu, swish, cosid, sinusoid,
  exp2, power, softplus, linear, identity
};

// An activation and its parameters: `power` uses `a` as the exponent m, `linear` is
// a·z + b, `leaky_relu` uses `a` as the negative slope (0.01 by default).
struct Activation {
  ActivationKind kind = ActivationKind::identity;
  double a = 0, b = 0;
};

// Parses "sigmoid", "power:3", "linear:0.25,0.5", "leaky_relu:0.1", …; throws Error on an
// unknown name or malformed parameters.
Activation parse_activation(const std::string& text);
std::string activation_name(const Activation& act);
std::vector<std::string> activation_names();  // every name parse_activation accepts

// φ^{(derivative)}(z), derivative ∈ {0,1,2,3}. ReLU-type kinks take the right derivative.
double activate(const Activation& act, double z, int derivative = 0);

// out = φ^{(derivative)}(Z) elementwise. One switch per call, a tight loop per kind.
void activate(const Activation& act, const Mat& Z, Mat& out, int derivative = 0);
Mat activate(const Activation& act, const Mat& Z, int derivative = 0);

// Elasticity e_φ(z) = z φ'(z)/φ(z).
double elasticity(const Activation& act, double z);

}  // namespace memo
