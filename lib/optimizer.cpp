#include "lib/optimizer.hpp"

#include <cmath>
#include <fmt/format.h>

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

void Optimizer::zero_grad() {
  for (Param* p : params_) p->zero_grad();
}

void Optimizer::step() {
  ++step_count_;
  const double t = static_cast<double>(step_count_);
  for (size_t i = 0; i < params_.size(); ++i) {
    Param& p = *params_[i];
    State& s = state_[i];
    if (p.grad.size() != p.value.size()) p.zero_grad();  // never reached by backward
    // g = grad + wd·p (L2 in the gradient, as torch.optim does); without weight decay g is
    // p.grad itself, not a copy.
    Mat decayed;
    auto gradient = [&](double weight_decay) -> const Mat& {
      if (weight_decay == 0) return p.grad;
      decayed = p.grad + weight_decay * p.value;
      return decayed;
    };
    if (const auto* sgd = std::get_if<Sgd>(&config_)) {
      if (sgd->momentum == 0) {
        p.value -= sgd->lr * gradient(sgd->weight_decay);
        continue;
      }
      Mat g = gradient(sgd->weight_decay);
      if (step_count_ == 1) s.first = g;
      else s.first = sgd->momentum * s.first + (1 - sgd->dampening) * g;
      if (sgd->nesterov) g += sgd->momentum * s.first;
      else g = s.first;
      p.value -= sgd->lr * g;
    } else if (const auto* rms = std::get_if<RmsProp>(&config_)) {
      const Mat& g = gradient(rms->weight_decay);
      if (step_count_ == 1) s.second = Mat::Zero(g.rows(), g.cols());
      s.second = rms->alpha * s.second + (1 - rms->alpha) * g.cwiseAbs2();
      const Mat step = (g.array() / (s.second.array().sqrt() + rms->eps)).matrix();
      if (rms->momentum != 0) {
        if (step_count_ == 1) s.first = Mat::Zero(g.rows(), g.cols());
        s.first = rms->momentum * s.first + step;
        p.value -= rms->lr * s.first;
      } else {
        p.value -= rms->lr * step;
      }
    } else {
      const auto& adam = std::get<Adam>(config_);
      if (step_count_ == 1) {
        s.first = Mat::Zero(p.value.rows(), p.value.cols());
        s.second = Mat::Zero(p.value.rows(), p.value.cols());
      }
      const double b1 = adam.beta1, b2 = adam.beta2, eps = adam.eps, wd = adam.weight_decay;
      const double step_size = adam.lr / (1 - std::pow(b1, t));
      const double sqrt_bc2 = std::sqrt(1 - std::pow(b2, t));
      // One fused pass over p, g, m, v instead of four Eigen passes. Same operations in the same
      // order as torch.optim.Adam, entry by entry. (Splitting it over OpenMP threads was slower
      // in the AM benchmark: the threads compete with OpenBLAS's spinning workers.)
      double* value = p.value.data();
      const double* grad = p.grad.data();
      double* m = s.first.data();
      double* v = s.second.data();
      const Eigen::Index size = p.value.size();
#pragma omp simd  // sqrt and division vectorise with the same (correctly rounded) results
      for (Eigen::Index j = 0; j < size; ++j) {
        const double g = wd == 0 ? grad[j] : grad[j] + wd * value[j];
        m[j] = b1 * m[j] + (1 - b1) * g;
        v[j] = b2 * v[j] + (1 - b2) * (g * g);
        value[j] -= step_size * (m[j] / (std::sqrt(v[j]) / sqrt_bc2 + eps));
      }
    }
  }
}

}  // namespace memo
