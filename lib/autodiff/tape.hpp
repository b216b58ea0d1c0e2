// Reverse-mode automatic differentiation on matrices (STYLE "The tape").
//
// A Tape records nodes in execution order; backward() is one reverse loop over them. Each
// node holds its value, its gradient (allocated on first use) and a callback that pushes its
// gradient to its parents. Callbacks capture node ids, never references into the node
// vector, which moves as it grows. Parameters live outside the tape (Param), are kept across
// steps, and receive their gradients directly (accumulated with +=, like PyTorch's .grad).
//
// An empty gradient means zero. An op's backward adds its contribution with add_grad (or a
// gemm with beta = grad_beta): the first contribution to reach a node is written, later ones
// are added, so no pass zeroes a gradient first (in a small network's training step that
// zeroing was a tenth of the time).
#pragma once
#include <functional>
#include <vector>
#include "lib/core/types.hpp"

namespace memo {

// A trainable matrix and its accumulated gradient. Owned by a model, not by the tape.
struct Param {
  Mat value;
  // Same shape as value once a backward pass has reached it. zero_grad() empties it (like
  // PyTorch's zero_grad(set_to_none=True)); an empty gradient is zero, and has_grad() says so.
  Mat grad;
  void zero_grad() { grad.resize(0, 0); }
  bool has_grad() const { return grad.rows() == value.rows() && grad.cols() == value.cols(); }
};

class Tape;

// A handle to a node: owns nothing, cheap to copy.
struct Var {
  Tape* tape = nullptr;
  int id = -1;
};

class Tape {
 public:
  Tape();

  using Backward = std::function<void(int self)>;

  // Leaves.
  Var constant(Mat value);   // data that needs no gradient
  Var input(Mat value);      // a leaf whose gradient is wanted (Jacobians, input gradients)
  Var param(Param& p);       // reads p.value in place; backward accumulates into p.grad

  // An op's result: its value, and the callback that receives d(root)/d(this) in grad(self).
  // The node needs a gradient when any parent does; otherwise the callback is dropped.
  Var record(Mat value, std::initializer_list<Var> parents, Backward backward);

  const Mat& val(Var v) const { return val(v.id); }
  const Mat& val(int id) const;
  // d(root)/d(node), zero-initialised with the node's shape on first access.
  Mat& grad(Var v) { return grad(v.id); }
  Mat& grad(int id);
  // For backward callbacks: grad(id) += contribution, where an empty gradient is overwritten
  // instead of zeroed and then added to.
  template <typename Expr>
  void add_grad(int id, const Expr& contribution) {
    Mat& g = grad_storage(id);
    if (grad_beta(id) == 0) g = contribution;
    else g += contribution;
  }
  // For backward callbacks that accumulate with gemm(…, grad_storage(id), alpha, beta): beta is
  // 0 while the gradient is empty (the storage then has the node's shape but no values yet), 1
  // once it holds values. Call grad_beta before the gemm and use the value for that one call.
  double grad_beta(int id);
  Mat& grad_storage(int id);
  bool needs_grad(Var v) const { return needs_grad(v.id); }
  bool needs_grad(int id) const { return nodes_[id].needs_grad; }
  double scalar(Var v) const;  // value of a 1×1 node

  // Reverse pass from a 1×1 root seeded with 1, or from any root seeded with `seed`
  // (same shape as the root). Gradients of parameters accumulate across calls.
  void backward(Var root);
  void backward(Var root, const Mat& seed);

  // Forget every node; the node vector keeps its capacity for the next step.
  void clear() { nodes_.clear(); }
  int size() const { return static_cast<int>(nodes_.size()); }

 private:
  struct Node {
    Mat value;
    Mat grad;
    Param* param = nullptr;  // value and grad live in *param
    bool needs_grad = false;
    Backward backward;
  };
  Var push(Node node);
  void check(Var v) const;
  std::vector<Node> nodes_;
};

}  // namespace memo
