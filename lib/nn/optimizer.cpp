#include "lib/nn/optimizer.hpp"

#include <cmath>
#include <fmt/format.h>

#include "lib/compute/parallel.hpp"
#include "lib/core/pick.hpp"

namespace memo {

OptimizerConfig make_optimizer_config(const std::string& name, double lr, double momentum,
                                      double weight_decay) {
  if (!(lr > 0) || !std::isfinite(lr)) throw Error(fmt::format("learning rate {} must be > 0", lr));
  if (momentum < 0 || momentum >= 1) throw Error(fmt::format("momentum {} must be in [0, 1)", momentum));
  if (weight_decay < 0) throw Error(fmt::format("weight decay {} must be >= 0", weight_decay));
  if (name == "sgd") return Sgd{.lr = lr, .momentum = momentum, .weight_decay = weight_decay};
  if (name == "rmsprop") return RmsProp{.lr = lr, .weight_decay = weight_decay, .momentum = momentum};
  if (name == "adam") {
    if (momentum != 0) throw Error("--momentum does not apply to adam (it uses beta1 = 0.9)");
    return Adam{.lr = lr, .weight_decay = weight_decay};
  }
  throw Error(fmt::format("unknown optimizer '{}' (known: sgd, rmsprop, adam)", name));
}

std::string optimizer_name(const OptimizerConfig& config) {
  static const char* names[] = {"sgd", "rmsprop", "adam"};
  return names[config.index()];
}

Optimizer::Optimizer(OptimizerConfig config, std::vector<Param*> params)
    : config_(config), params_(std::move(params)), state_(params_.size()) {}

void Optimizer::restore(std::vector<State> state, long steps_taken) {
  if (state.size() != params_.size())
    throw Error(fmt::format("optimizer state for {} parameters, the optimizer has {}", state.size(), params_.size()));
  state_ = std::move(state);
  step_count_ = steps_taken;
}

void Optimizer::zero_grad() {
  for (Param* p : params_) p->zero_grad();
}

// The updates, entry by entry, on [begin, end): the arithmetic of torch.optim in the same
// order. Plain functions of pointers and values, so the compiler knows that writing p, m, v
// changes no coefficient (called through a lambda's captures, it reloaded them every entry and
// gathered the gradient: 3× slower). g = ∇ + wd·p when wd ≠ 0 (L2 in the gradient). Every
// choice inside a loop is a pick() between computed values, so the loops vectorise on AVX2
// (lib/core/pick.hpp says why a plain ?: did not).
namespace {

using Index = Eigen::Index;

// ∇ + wd·p, or ∇ itself when wd = 0 (not ∇ + 0·p, which turns −0 into +0 and p = ∞ into NaN).
inline double decayed_gradient(double grad, double p, double wd) {
  return pick(wd == 0, grad, grad + wd * p);
}

void sgd_update(double* p, const double* grad, double lr, double wd, Index begin, Index end) {
#pragma omp simd
  for (Index j = begin; j < end; ++j) {
    p[j] -= lr * decayed_gradient(grad[j], p[j], wd);
  }
}

// b = g on the first step, then b ← μ b + (1 − dampening) g; p ← p − lr (g + μ b) with Nesterov.
void sgd_momentum_update(double* p, double* b, const double* grad, double lr, double wd, double mu,
                         double damp, bool first, bool nesterov, Index begin, Index end) {
#pragma omp simd
  for (Index j = begin; j < end; ++j) {
    const double g = decayed_gradient(grad[j], p[j], wd);
    b[j] = pick(first, g, mu * b[j] + (1 - damp) * g);  // b is zero before the first step
    p[j] -= lr * pick(nesterov, g + mu * b[j], b[j]);
  }
}

// s ← α s + (1 − α) g²;  step = g / (√s + ε);  p ← p − lr·step, or with momentum
// b ← μ b + step, p ← p − lr·b.
void rmsprop_update(double* p, double* square_avg, double* b, const double* grad, double lr,
                    double wd, double alpha, double eps, double mu, Index begin, Index end) {
  auto step = [=](Index j) {
    const double g = decayed_gradient(grad[j], p[j], wd);
    square_avg[j] = alpha * square_avg[j] + (1 - alpha) * (g * g);
    return g / (std::sqrt(square_avg[j]) + eps);
  };
  if (mu == 0) {  // b is null then: two loops rather than a choice per entry
#pragma omp simd
    for (Index j = begin; j < end; ++j) p[j] -= lr * step(j);
  } else {
#pragma omp simd
    for (Index j = begin; j < end; ++j) {
      b[j] = mu * b[j] + step(j);
      p[j] -= lr * b[j];
    }
  }
}

void adam_update(double* p, double* m, double* v, const double* grad, double step_size,
                 double sqrt_bc2, double b1, double b2, double eps, double wd, Index begin, Index end) {
#pragma omp simd  // sqrt and division vectorise with the same (correctly rounded) results
  for (Index j = begin; j < end; ++j) {
    const double g = decayed_gradient(grad[j], p[j], wd);
    m[j] = b1 * m[j] + (1 - b1) * g;
    v[j] = b2 * v[j] + (1 - b2) * (g * g);
    p[j] -= step_size * (m[j] / (std::sqrt(v[j]) / sqrt_bc2 + eps));
  }
}

}  // namespace

// Every update is elementwise: entry j of p depends only on entry j of the gradient and of the
// state. So each is one fused pass over memory (instead of one per Eigen expression), run on
// contiguous blocks over the threads (parallel_matrix_blocks): Adam's pass over the AM
// network's 3.2 million parameters is memory-bound, and two cores move more bytes than one. No
// entry's result depends on which thread or block computed it.
void Optimizer::step() {
  begin_step();
  for (size_t i = 0; i < params_.size(); ++i) {
    const Mat& value = params_[i]->value;
    parallel_matrix_blocks(value.rows(), value.cols(), [this, i](Index begin, Index end) { update(i, begin, end); });
  }
}

void Optimizer::begin_step() {
  ++step_count_;
  const bool first = step_count_ == 1;
  // The state buffers the update reads: the momentum buffer or Adam's m, and RMSprop's square
  // average or Adam's v.
  const bool momentum = std::visit([](const auto& c) {
    if constexpr (requires { c.momentum; }) return c.momentum != 0;
    return false;
  }, config_);
  const bool needs_first = std::holds_alternative<Adam>(config_) || momentum;
  const bool needs_second = !std::holds_alternative<Sgd>(config_);
  for (size_t i = 0; i < params_.size(); ++i) {
    Param& param = *params_[i];
    State& s = state_[i];
    const Index rows = param.value.rows(), cols = param.value.cols();
    if (!param.has_grad()) param.grad.setZero(rows, cols);  // not reached by backward
    if (first && needs_first) s.first.setZero(rows, cols);  // zero-initialised on the first step
    if (first && needs_second) s.second.setZero(rows, cols);
  }
  if (const auto* adam = std::get_if<Adam>(&config_)) {
    const double t = static_cast<double>(step_count_);
    adam_step_size_ = adam->lr / (1 - std::pow(adam->beta1, t));
    adam_sqrt_bc2_ = std::sqrt(1 - std::pow(adam->beta2, t));
  }
}

void Optimizer::update(size_t i, Index begin, Index end) {
  Param& param = *params_[i];
  State& s = state_[i];
  double* p = param.value.data();
  const double* g = param.grad.data();
  const bool first = step_count_ == 1;
  if (const auto* sgd = std::get_if<Sgd>(&config_)) {
    if (sgd->momentum == 0) sgd_update(p, g, sgd->lr, sgd->weight_decay, begin, end);
    else
      sgd_momentum_update(p, s.first.data(), g, sgd->lr, sgd->weight_decay, sgd->momentum, sgd->dampening, first,
                          sgd->nesterov, begin, end);
  } else if (const auto* rms = std::get_if<RmsProp>(&config_)) {
    rmsprop_update(p, s.second.data(), rms->momentum != 0 ? s.first.data() : nullptr, g, rms->lr, rms->weight_decay,
                   rms->alpha, rms->eps, rms->momentum, begin, end);
  } else {
    const auto& adam = std::get<Adam>(config_);
    adam_update(p, s.first.data(), s.second.data(), g, adam_step_size_, adam_sqrt_bc2_, adam.beta1, adam.beta2,
                adam.eps, adam.weight_decay, begin, end);
  }
}

}  // namespace memo
