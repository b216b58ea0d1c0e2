// Optimizers with PyTorch's published update rules (torch.optim, 1.13), so a run here and a
// run in PyTorch with the same settings take the same steps. Weight decay is L2 added to the
// gradient (g ← g + wd·p) in all three, as in PyTorch.
#pragma once
#include <string>
#include <variant>
#include <vector>
#include "lib/autodiff/tape.hpp"

namespace memo {

// p ← p − lr·b,  b ← momentum·b + (1 − dampening)·g  (b = g on the first step).
struct Sgd {
  double lr = 0.01;
  double momentum = 0;
  double dampening = 0;
  double weight_decay = 0;
  bool nesterov = false;  // g ← g + momentum·b
};

// s ← α s + (1 − α) g²;  p ← p − lr·g / (√s + ε)  (with momentum: b ← μ b + g/(√s+ε)).
struct RmsProp {
  double lr = 0.01;
  double alpha = 0.99;
  double eps = 1e-8;
  double weight_decay = 0;
  double momentum = 0;
};

// m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;
// p ← p − (lr/(1−β1^t)) · m / (√v/√(1−β2^t) + ε)   (PyTorch's exact order of operations).
struct Adam {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;
};

using OptimizerConfig = std::variant<Sgd, RmsProp, Adam>;

// Builds a config from a name and the common flags; throws on an unknown name.
OptimizerConfig make_optimizer_config(const std::string& name, double lr, double momentum = 0,
                                      double weight_decay = 0);
std::string optimizer_name(const OptimizerConfig& config);

class Optimizer {
 public:
  Optimizer(OptimizerConfig config, std::vector<Param*> params);
  void zero_grad();
  void step();  // one update of every parameter from its .grad

  // step() in two halves, for a caller that updates the parameters block by block on its own
  // threads (the two-layer step, lib/nn/two_layer_step.hpp): begin_step() counts the step and
  // readies the state (a missing gradient becomes zero); then update(i, begin, end) updates
  // entries [begin, end) of parameter i (column-major), for every entry exactly once. Entries
  // are independent, so any cut gives step()'s bits.
  void begin_step();
  void update(size_t i, Eigen::Index begin, Eigen::Index end);
  long steps_taken() const { return step_count_; }
  const OptimizerConfig& config() const { return config_; }

  struct State {
    Mat first;   // momentum buffer / Adam m (empty until a step needs it)
    Mat second;  // RMSprop square average / Adam v
  };
  // What a checkpoint saves and puts back (lib/nn/checkpoint): one State per parameter.
  const std::vector<Param*>& params() const { return params_; }
  const std::vector<State>& state() const { return state_; }
  void restore(std::vector<State> state, long steps_taken);

 private:
  OptimizerConfig config_;
  std::vector<Param*> params_;
  std::vector<State> state_;
  long step_count_ = 0;
  double adam_step_size_ = 0, adam_sqrt_bc2_ = 0;  // lr/(1 − β1^t), √(1 − β2^t), set by begin_step
};

}  // namespace memo
