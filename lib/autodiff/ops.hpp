// Differentiable operations on the tape. Each op's comment gives the shapes and the
// gradient rules it implements; gradients flow only into parents that need them.
#pragma once
#include <vector>
#include "lib/autodiff/activation.hpp"
#include "lib/autodiff/tape.hpp"

namespace memo {

// Y = α A B                 A (m,k)  B (k,n)  ->  Y (m,n)   (α: the NTK layers' 1/√fan-in)
Var matmul(Var A, Var B, double alpha = 1);
// Y = W X + b 1^T (fused)   W (out,in)  X (in,n)  b (out,1)  ->  Y (out,n)
Var affine(Var W, Var X, Var b);
// Y = A + B, Y = A − B, Y = A ⊙ B     same shapes
Var add(Var A, Var B);
Var sub(Var A, Var B);
Var hadamard(Var A, Var B);
// Y = c A
Var scale(Var A, double c);
// Y = A + b 1^T             A (m,n)  b (m,1): b added to every column
Var add_bias(Var A, Var b);
// Y = A^T
Var transpose(Var A);
// Y = [A; B] (A on top)    A (m,n)  B (k,n)  ->  Y (m+k, n)
Var stack_rows(Var A, Var B);
// Scalars (1×1): Σ_ij A_ij, its mean, and ‖A‖_F²
Var sum(Var A);
Var mean(Var A);
Var squared_norm(Var A);
// Y = φ(Z) elementwise
Var activation(Var Z, const Activation& act);

// Losses (1×1). Y is the prediction, T the target; examples are columns.
// mse: mean of (Y − T)² over all entries (PyTorch MSELoss, reduction 'mean').
Var mse(Var Y, const Mat& T);
// half_sum_over_n: (1/2n) Σ_i ‖y_i − t_i‖², n = number of columns (NTK's loss).
Var half_sum_over_n(Var Y, const Mat& T);
// softmax cross-entropy: logits (classes, n), one label per column, mean over columns
// (PyTorch CrossEntropyLoss).
Var softmax_cross_entropy(Var logits, const std::vector<int>& labels);

enum class LossKind { mse, half_sum_over_n };
LossKind parse_loss(const std::string& name);
Var loss(LossKind kind, Var Y, const Mat& T);

}  // namespace memo
