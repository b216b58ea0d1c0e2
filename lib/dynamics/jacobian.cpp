#include "lib/dynamics/jacobian.hpp"

#include <fmt/format.h>

#include "lib/compute/gemm.hpp"
#include "lib/compute/parallel.hpp"

namespace memo {

Mat jacobian(const TapeMap& f, const Vec& x, int output_dim) {
  Tape tape;
  const Var X = tape.input(x.replicate(1, output_dim));  // (d_in, d_out): one copy per output
  const Var Y = f(tape, X);
  if (tape.val(Y).rows() != output_dim || tape.val(Y).cols() != output_dim)
    throw Error(fmt::format("jacobian: the map returned {}, expected ({}, {})", shape_string(tape.val(Y)),
                            output_dim, output_dim));
  // Column c of the seed is e_c, so column c of dX is J^T e_c = row c of J.
  tape.backward(Y, Mat::Identity(output_dim, output_dim));
  return tape.grad(X).transpose();
}

namespace {
// What the closed form carries through the layers: the layer's output h and J = ∂h/∂x.
struct PointAndJacobian {
  Vec h;
  Mat J;
};
}  // namespace

// Layer l maps (h, J) to (z, s W J) with z = s W h + b (s: the ntk 1/√fan_in), and the
// activation maps (z, J) to (φ(z), diag φ'(z) J). The point goes through Eigen's
// matrix-vector product, not gemm(): the Newton refinement of fixed points depends on these
// bits.
Mat jacobian(const Mlp& net, const Vec& x) {
  if (x.size() != net.input_dim())
    throw Error(fmt::format("jacobian: point of dimension {}, network input {}", x.size(), net.input_dim()));
  return run_layers(
             net, PointAndJacobian{x, {}},
             [&](size_t l, PointAndJacobian v) {
               const Linear& layer = net.layers[l];
               Vec z = layer.weight.value * v.h;
               if (layer.forward_scale != 1) z *= layer.forward_scale;
               if (layer.has_bias) z += layer.bias.value.col(0);
               Mat WJ;
               if (l == 0) WJ = layer.weight.value;
               else gemm(layer.weight.value, false, v.J, false, WJ);
               if (layer.forward_scale != 1) WJ *= layer.forward_scale;
               return PointAndJacobian{std::move(z), std::move(WJ)};
             },
             [](const Activation& act, PointAndJacobian v) {
               return PointAndJacobian{activate(act, v.h, 0), activate(act, v.h, 1).asDiagonal() * v.J};
             })
      .J;
}

namespace {

// φ'(z) ⊙ rows of M and φ(z) in place of z (nothing for the identity).
void activate_rows(const Activation& act, Vec& z, Mat& M) {
  if (act.kind == ActivationKind::identity) return;
  M = activate(act, z, 1).asDiagonal() * M;
  z = activate(act, z, 0);
}

Vec affine(const Linear& layer, const Vec& h) {
  Vec z = layer.weight.value * h;
  if (layer.forward_scale != 1) z *= layer.forward_scale;
  if (layer.has_bias) z += layer.bias.value.col(0);
  return z;
}

}  // namespace

FactoredJacobian factored_jacobian(const Mlp& net, const Vec& x) {
  if (net.layers.size() < 2) throw Error("factored_jacobian: the network has no hidden layer");
  if (x.size() != net.input_dim())
    throw Error(fmt::format("factored_jacobian: point of dimension {}, network input {}", x.size(), net.input_dim()));
  FactoredJacobian out;
  const Linear& first = net.layers.front();
  Vec h = affine(first, x);
  out.B = first.weight.value;
  if (first.forward_scale != 1) out.B *= first.forward_scale;
  activate_rows(net.activation, h, out.B);
  for (size_t l = 1; l < net.layers.size(); ++l) {
    const Linear& layer = net.layers[l];
    h = affine(layer, h);
    if (l == 1) out.A = layer.weight.value;
    else gemm(layer.weight.value, false, Mat(out.A), false, out.A);
    if (layer.forward_scale != 1) out.A *= layer.forward_scale;
    activate_rows(l + 1 == net.layers.size() ? net.output_activation : net.activation, h, out.A);
  }
  return out;
}

Vec parameter_gradient(Mlp& net, const Vec& x, int output) {
  if (output < 0 || output >= net.output_dim())
    throw Error(fmt::format("parameter_gradient: output {} outside [0, {})", output, net.output_dim()));
  Tape tape;
  const std::vector<Param*> params = parameters(net);
  for (Param* p : params) p->zero_grad();
  const Var y = forward(net, tape.constant(x));
  tape.backward(y, Mat(Vec::Unit(net.output_dim(), output)));
  Vec g(parameter_count(net));
  Eigen::Index offset = 0;
  for (Param* p : params) {
    const Eigen::Index size = p->value.size();
    if (p->has_grad()) g.segment(offset, size) = p->grad.reshaped();
    else g.segment(offset, size).setZero();  // a parameter the output does not depend on
    offset += size;
  }
  return g;
}

std::vector<Mat> jacobians(const Mlp& net, const Mat& X) {
  std::vector<Mat> out(X.cols());
  parallel_runs(int(X.cols()), omp_get_max_threads(), [&](int i) { out[i] = jacobian(net, Vec(X.col(i))); });
  return out;
}

}  // namespace memo
