#include "lib/nn/two_layer_step.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "lib/autodiff/fast_terms.hpp"
#include "lib/compute/team.hpp"

namespace memo {
namespace {

// The index of `param` in the optimizer's parameters, or −1.
int index_of(const Optimizer& optimizer, const Param* param) {
  const auto& params = optimizer.params();
  const auto found = std::find(params.begin(), params.end(), param);
  return found == params.end() ? -1 : static_cast<int>(found - params.begin());
}

// Rows [begin, end) of a column-major matrix, or its columns [begin, end).
ConstBlock rows_of(const Mat& m, Eigen::Index begin, Eigen::Index end) {
  return {m.data() + begin, end - begin, m.cols(), m.rows()};
}
Block rows_of(Mat& m, Eigen::Index begin, Eigen::Index end) { return {m.data() + begin, end - begin, m.cols(), m.rows()}; }
ConstBlock columns_of(const Mat& m, Eigen::Index begin, Eigen::Index end) {
  return {m.data() + begin * m.rows(), m.rows(), end - begin, m.rows()};
}
Block columns_of(Mat& m, Eigen::Index begin, Eigen::Index end) {
  return {m.data() + begin * m.rows(), m.rows(), end - begin, m.rows()};
}

}  // namespace

bool two_layer_step_applies(const Mlp& net, const Optimizer& optimizer) {
  if (net.layers.size() != 2 || net.output_activation.kind != ActivationKind::identity) return false;
  std::vector<const Param*> wanted;
  for (const Linear& layer : net.layers) {
    wanted.push_back(&layer.weight);
    if (layer.has_bias) wanted.push_back(&layer.bias);
  }
  if (optimizer.params().size() != wanted.size()) return false;
  for (const Param* p : wanted)
    if (index_of(optimizer, p) < 0) return false;
  return true;
}

TwoLayerStep::TwoLayerStep(Mlp& net, const Mat& X, const Mat& T, LossKind loss, Optimizer& optimizer, int parts)
    : net_(net), X_(X), T_(T), optimizer_(optimizer) {
  if (!two_layer_step_applies(net, optimizer))
    throw Error("TwoLayerStep: needs a network of two layers with an identity output, and an optimizer over its parameters");
  require_input(net, X.rows());
  if (T.rows() != net.output_dim() || T.cols() != X.cols())
    throw Error(fmt::format("TwoLayerStep: targets {} for outputs of dimension {} on {} examples", shape_string(T),
                            net.output_dim(), X.cols()));
  loss_scale_ = loss == LossKind::mse ? 1.0 / static_cast<double>(T.size()) : 0.5 / static_cast<double>(T.cols());
  weight0_ = index_of(optimizer, &net.layers[0].weight);
  weight1_ = index_of(optimizer, &net.layers[1].weight);
  if (net.layers[0].has_bias) bias0_ = index_of(optimizer, &net.layers[0].bias);
  if (net.layers[1].has_bias) bias1_ = index_of(optimizer, &net.layers[1].bias);
  // Edges on multiples of 8 units (whole AVX-512 vectors of a column).
  const Eigen::Index width = net.widths[1], n = X.cols();
  const int count = static_cast<int>(std::clamp<Eigen::Index>(width / 8, 1, std::max(1, parts)));
  parts_.resize(static_cast<size_t>(count));
  for (int p = 0; p < count; ++p) {
    Part& part = parts_[static_cast<size_t>(p)];
    part.begin = split_edge(width, count, 8, p);
    part.end = split_edge(width, count, 8, p + 1);
    const Eigen::Index units = part.end - part.begin;
    for (Mat* m : {&part.Z, &part.H, &part.dH, &part.dZ}) m->resize(units, n);
    part.Y.resize(net.output_dim(), n);
  }
}

// Z_J = s0 W0[J,:] X + b0[J],  H_J = φ(Z_J),  Y_J = s1 W1[:,J] H_J.
void TwoLayerStep::forward_part(Part& part) {
  const Linear &first = net_.layers[0], &second = net_.layers[1];
  gemm_on_this_thread(rows_of(first.weight.value, part.begin, part.end), false, block_of(X_), false, block_of(part.Z),
                      first.forward_scale, 0);
  if (first.has_bias) part.Z.colwise() += first.bias.value.col(0).segment(part.begin, part.end - part.begin);
  if (net_.activation.kind == ActivationKind::identity) part.H = part.Z;
  else activate(net_.activation, part.Z, part.H, 0);
  gemm_on_this_thread(columns_of(second.weight.value, part.begin, part.end), false, block_of(part.H), false,
                      block_of(part.Y), second.forward_scale, 0);
}

// The part's gradients from dY, then the optimizer's update of its entries of the parameters
// (and of b1 in the first part).
void TwoLayerStep::backward_part(Part& part, bool first_part) {
  Linear &first = net_.layers[0], &second = net_.layers[1];
  const Eigen::Index begin = part.begin, end = part.end;
  gemm_on_this_thread(block_of(dY_), false, block_of(part.H), true, columns_of(second.weight.grad, begin, end),
                      second.forward_scale, 0);
  gemm_on_this_thread(columns_of(second.weight.value, begin, end), true, block_of(dY_), false, block_of(part.dH),
                      second.forward_scale, 0);
  // dZ = dH ⊙ φ'(Z); the sigmoid's φ' = σ(1 − σ) read off H, as the tape's activation op does.
  if (net_.activation.kind == ActivationKind::identity) {
    part.dZ = part.dH;
  } else if (net_.activation.kind == ActivationKind::sigmoid) {
    write_or_add(part.dZ, true, pointwise(part.dH, part.H, [](double dy, double s) { return dy * (s * (1 - s)); }));
  } else {
    activate(net_.activation, part.Z, part.derivative, 1);
    write_or_add(part.dZ, true, pointwise(part.dH, part.derivative, [](double dy, double d) { return dy * d; }));
  }
  if (first.has_bias) first.bias.grad.middleRows(begin, end - begin) = part.dZ.rowwise().sum();
  gemm_on_this_thread(block_of(part.dZ), false, block_of(X_), true, rows_of(first.weight.grad, begin, end),
                      first.forward_scale, 0);
  const Eigen::Index rows = first.weight.value.rows(), d_out = second.weight.value.rows();
  for (Eigen::Index column = 0; column < first.weight.value.cols(); ++column)
    optimizer_.update(static_cast<size_t>(weight0_), column * rows + begin, column * rows + end);
  if (bias0_ >= 0) optimizer_.update(static_cast<size_t>(bias0_), begin, end);
  optimizer_.update(static_cast<size_t>(weight1_), begin * d_out, end * d_out);
  if (bias1_ >= 0 && first_part) optimizer_.update(static_cast<size_t>(bias1_), 0, d_out);
}

double TwoLayerStep::loss() {
  if (!forward_done_) {
    run_parts(parts(), [this](int p) { forward_part(parts_[static_cast<size_t>(p)]); });
    forward_done_ = true;
  }
  if (!loss_done_) {
    // Y = Σ_J Y_J + b1, summed in the parts' order; then the loss as ops.cpp's
    // scaled_squared_error computes it.
    Mat Y = parts_[0].Y;
    for (size_t p = 1; p < parts_.size(); ++p) Y += parts_[p].Y;
    if (net_.layers[1].has_bias) Y.colwise() += net_.layers[1].bias.value.col(0);
    residual_ = Y - T_;
    loss_ = loss_scale_ * residual_.squaredNorm();
    loss_done_ = true;
  }
  return loss_;
}

// The gradients take their shape once; the parts then write every entry of them.
void TwoLayerStep::parameter_gradients_sized() {
  for (Param* p : optimizer_.params())
    if (!p->has_grad()) p->grad.resize(p->value.rows(), p->value.cols());
}

void TwoLayerStep::descend() {
  if (!loss_done_) throw Error("TwoLayerStep::descend: the loss of the current parameters was not evaluated");
  dY_ = (2 * loss_scale_ * 1.0) * residual_;  // the tape's seed 1 times dL/dY
  parameter_gradients_sized();
  if (bias1_ >= 0) net_.layers[1].bias.grad = dY_.rowwise().sum();
  optimizer_.begin_step();
  run_parts(parts(), [this](int p) {
    Part& part = parts_[static_cast<size_t>(p)];
    backward_part(part, p == 0);
    forward_part(part);
  });
  forward_done_ = true;
  loss_done_ = false;
}

}  // namespace memo
