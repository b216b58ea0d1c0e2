// The full-batch training step of a network with one hidden layer,
//     Y = s1 W1 φ(s0 W0 X + b0) + b1      (the NTK regime's 32 → k → 32; s = 1/√fan_in or 1),
// written out by hand and cut over the threads by hidden unit.
//
// Why: on the tape this step is about a dozen products and elementwise passes, each cut over
// the threads on its own and each ending in a handoff, about a microsecond of waiting apiece;
// at width 1000 the handoffs were a seventh of both threads' time. Yet everything in the step
// but the output belongs to one hidden unit. With J a block of hidden units:
//   forward    Z_J = s0 W0[J,:] X + b0[J]    H_J = φ(Z_J)    Y = Σ_J s1 W1[:,J] H_J + b1
//   backward   dY = 2c (Y − T)               (the loss c ‖Y − T‖²: mse or half_sum_over_n)
//              dW1[:,J] = s1 dY H_Jᵀ         dH_J = s1 W1[:,J]ᵀ dY
//              dZ_J = dH_J ⊙ φ'(Z_J)         dW0[J,:] = s0 dZ_J Xᵀ    db0[J] = rowsum(dZ_J)
// Given the small dY (d_out × n), a block needs nothing from any other block: its part of the
// backward pass, the optimizer's update of its own rows of W0 and columns of W1, and the next
// step's forward pass on them (up to its share of Y) run as one task. The caller sums the
// parts' shares of Y and evaluates the loss in between: one handoff per step, and each core
// keeps its block of the weights in its own cache from step to step.
//
// Results: with one part every product and pass is the tape's own call on the same matrices,
// so the parameters follow the tape's bits exactly (tests/test_two_layer_step.cpp checks it).
// With more parts Y is summed part by part and each product is cut, so the last bits differ from
// one part's, and depend only on the number of parts, never on which thread ran which.
#pragma once
#include <vector>

#include "lib/autodiff/ops.hpp"
#include "lib/nn/mlp.hpp"
#include "lib/nn/optimizer.hpp"

namespace memo {

// Whether TwoLayerStep can train `net` with `optimizer`: two layers, an identity output
// activation, and an optimizer over exactly the network's parameters.
bool two_layer_step_applies(const Mlp& net, const Optimizer& optimizer);

class TwoLayerStep {
 public:
  // X (d_in, n) inputs, T (d_out, n) targets, both kept by reference. `parts` blocks of hidden
  // units (at least 1; fewer when the width has fewer than 8 units per part). Throws Error when
  // two_layer_step_applies is false or the shapes disagree.
  TwoLayerStep(Mlp& net, const Mat& X, const Mat& T, LossKind loss, Optimizer& optimizer, int parts);

  // The loss of the current parameters (their forward pass runs when it has not yet).
  double loss();
  // One optimizer step from the current parameters (their loss must have been evaluated),
  // then the forward pass of the new ones. Leaves each parameter's gradient in its .grad.
  void descend();
  int parts() const { return static_cast<int>(parts_.size()); }

 private:
  struct Part {
    Eigen::Index begin = 0, end = 0;  // its hidden units [begin, end)
    Mat Z, H, dH, dZ, derivative;     // (units, n)
    Mat Y;                            // its share of the output (d_out, n)
  };
  void forward_part(Part& part);
  void backward_part(Part& part, bool first);
  void parameter_gradients_sized();

  Mlp& net_;
  const Mat& X_;
  const Mat& T_;
  Optimizer& optimizer_;
  double loss_scale_;  // c in c ‖Y − T‖²
  std::vector<Part> parts_;
  // Each parameter's index in optimizer.params(); −1 for a bias the network does not have.
  int weight0_ = -1, bias0_ = -1, weight1_ = -1, bias1_ = -1;
  Mat residual_, dY_;  // (d_out, n)
  bool forward_done_ = false, loss_done_ = false;
  double loss_ = 0;
};

}  // namespace memo
