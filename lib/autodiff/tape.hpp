// Reverse-mode automatic differentiation on matrices.
//
// Forward: every op computes its value and records a node — the value, and a callback that
// knows the op's derivative. The nodes sit in a vector in the order they were computed, so
// every node comes after the nodes it was computed from.
//
// Backward: the gradient of the root with respect to itself is the seed (1 for a scalar loss).
// One loop over the nodes from the last to the first calls each node's callback, which reads
// the node's finished gradient dY = ∂root/∂Y and adds its share to each parent:
//     dA += (∂Y/∂A)ᵀ dY                       (the chain rule, one term per use of A)
// Because every use of a node comes later on the tape, all its terms have arrived when the loop
// reaches it: a node used twice (fan-out) simply receives two terms.
//
// Parameters live outside the tape (Param), are kept across steps, and their gradients
// accumulate across backward passes like PyTorch's .grad. Callbacks capture node ids, never
// references into the node vector, which moves as it grows.
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

// g += term, where `write` says g is empty (zero): then the term is written instead, and g takes
// its shape. For Eigen expressions here; the fast terms (product, pointwise) have their own in
// lib/autodiff/fast_terms.hpp.
template <typename Derived>
void write_or_add(Mat& g, bool write, const Eigen::MatrixBase<Derived>& term) {
  if (write) g = term;
  else g += term;
}

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
  // d(root)/d(node), with the node's shape (zero when no gradient reached it).
  const Mat& grad(Var v) { return grad(v.id); }
  const Mat& grad(int id);

  // grad(id) += term: the one way a backward callback writes a gradient. A gradient starts
  // empty, meaning zero, so the first term to reach a node is written and later ones are added
  // (no pass zeroes the gradients first). The term is an Eigen expression
  // (dY.rowwise().sum(), c * dY, …) or a fast term from fast_terms.hpp (product, pointwise).
  template <typename Term>
  void add_grad(int id, const Term& term) {
    require_shape(id, term.rows(), term.cols());
    Mat& g = gradient_storage(id);
    write_or_add(g, !has_grad(id), term);
  }

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
  Mat& gradient_storage(int id);
  bool has_grad(int id) const;  // the gradient holds values (it has the node's shape)
  void require_shape(int id, Eigen::Index rows, Eigen::Index cols) const;
  std::vector<Node> nodes_;
};

}  // namespace memo
