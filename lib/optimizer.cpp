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
      const Mat& g = gradient(adam.weight_decay);
      if (step_count_ == 1) {
        s.first = Mat::Zero(g.rows(), g.cols());
        s.second = Mat::Zero(g.rows(), g.cols());
      }
      s.first = adam.beta1 * s.first + (1 - adam.beta1) * g;
      s.second = adam.beta2 * s.second + (1 - adam.beta2) * g.cwiseAbs2();
      const double bias_correction1 = 1 - std::pow(adam.beta1, t);
      const double bias_correction2 = 1 - std::pow(adam.beta2, t);
      const double step_size = adam.lr / bias_correction1;
      const double sqrt_bc2 = std::sqrt(bias_correction2);
      p.value.array() -= step_size * (s.first.array() / (s.second.array().sqrt() / sqrt_bc2 + adam.eps));
    }
  }
}

}  // namespace memo
