#include "lib/autodiff/tape.hpp"

#include <fmt/format.h>

#include "lib/autodiff/memory_reuse.hpp"

namespace memo {

std::string shape_string(const Mat& m) { return fmt::format("({}, {})", m.rows(), m.cols()); }

Tape::Tape() { keep_freed_memory_for_reuse(); }

Var Tape::push(Node node) {
  nodes_.push_back(std::move(node));
  return Var{this, static_cast<int>(nodes_.size()) - 1};
}

void Tape::check(Var v) const {
  if (v.tape != this || v.id < 0 || v.id >= size())
    throw Error(fmt::format("Var {} does not belong to this tape (size {})", v.id, size()));
}

Var Tape::constant(Mat value) { return push(Node{std::move(value), {}, nullptr, false, {}}); }

Var Tape::input(Mat value) { return push(Node{std::move(value), {}, nullptr, true, {}}); }

Var Tape::param(Param& p) { return push(Node{{}, {}, &p, true, {}}); }

Var Tape::record(Mat value, std::initializer_list<Var> parents, Backward backward) {
  bool needs = false;
  for (Var p : parents) {
    check(p);
    needs = needs || nodes_[p.id].needs_grad;
  }
  return push(Node{std::move(value), {}, nullptr, needs, needs ? std::move(backward) : Backward{}});
}

const Mat& Tape::val(int id) const {
  const Node& n = nodes_[id];
  return n.param ? n.param->value : n.value;
}

Mat& Tape::gradient_storage(int id) {
  Node& n = nodes_[id];
  return n.param ? n.param->grad : n.grad;
}

bool Tape::has_grad(int id) const {
  const Node& n = nodes_[id];
  const Mat& g = n.param ? n.param->grad : n.grad;
  const Mat& v = val(id);
  return g.rows() == v.rows() && g.cols() == v.cols();
}

const Mat& Tape::grad(int id) {
  Mat& g = gradient_storage(id);
  if (!has_grad(id)) g.setZero(val(id).rows(), val(id).cols());
  return g;
}

void Tape::require_shape(int id, Eigen::Index rows, Eigen::Index cols) const {
  const Mat& v = val(id);
  if (rows != v.rows() || cols != v.cols())
    throw Error(fmt::format("add_grad: a term of shape ({}, {}) for node {} of shape {}", rows, cols, id,
                            shape_string(v)));
}

double Tape::scalar(Var v) const {
  check(v);
  const Mat& m = val(v);
  if (m.size() != 1) throw Error("scalar() of a node of shape " + shape_string(m));
  return m(0, 0);
}

void Tape::backward(Var root) {
  check(root);
  if (val(root).size() != 1)
    throw Error("backward() without a seed needs a 1x1 root, got " + shape_string(val(root)));
  backward(root, Mat::Ones(1, 1));
}

void Tape::backward(Var root, const Mat& seed) {
  check(root);
  if (seed.rows() != val(root).rows() || seed.cols() != val(root).cols())
    throw Error(fmt::format("backward seed {} does not match the root {}", shape_string(seed),
                            shape_string(val(root))));
  // Fresh gradients for intermediate nodes (a tape may be backpropagated more than once).
  for (Node& n : nodes_)
    if (!n.param) n.grad.resize(0, 0);
  add_grad(root.id, seed);
  for (int id = root.id; id >= 0; --id) {
    Node& n = nodes_[id];
    if (!n.backward || n.grad.size() == 0) continue;  // leaf, or not reached from the root
    n.backward(id);
  }
}

}  // namespace memo
