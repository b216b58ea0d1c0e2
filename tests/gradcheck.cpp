#include "tests/gradcheck.hpp"

#include <algorithm>
#include <cmath>

namespace memo::testing {
namespace {

double projected(const Mat& value, const Mat& R) { return value.cwiseProduct(R).sum(); }

void compare(GradcheckResult& result, double analytic, double numeric) {
  const double error = std::abs(analytic - numeric) / std::max(1.0, std::abs(numeric));
  result.max_relative_error = std::max(result.max_relative_error, error);
  result.max_abs_gradient = std::max(result.max_abs_gradient, std::abs(analytic));
}

}  // namespace

GradcheckResult gradcheck(const TapeFunction& f, const std::vector<Mat>& inputs, Rng& rng, double h) {
  auto evaluate = [&](const std::vector<Mat>& xs, Tape& tape) {
    std::vector<Var> vars;
    for (const Mat& x : xs) vars.push_back(tape.input(x));
    return std::make_pair(f(tape, vars), vars);
  };
  Tape tape;
  auto [out, vars] = evaluate(inputs, tape);
  const Mat R = random_normal(tape.val(out).rows(), tape.val(out).cols(), rng);
  tape.backward(out, R);
  GradcheckResult result;
  std::vector<Mat> shifted = inputs;
  for (size_t k = 0; k < inputs.size(); ++k) {
    const Mat analytic = tape.grad(vars[k]);
    for (Eigen::Index i = 0; i < inputs[k].size(); ++i) {
      double values[2];
      for (int side = 0; side < 2; ++side) {
        shifted[k].data()[i] = inputs[k].data()[i] + (side ? -h : h);
        Tape probe;
        values[side] = projected(probe.val(evaluate(shifted, probe).first), R);
      }
      shifted[k].data()[i] = inputs[k].data()[i];
      compare(result, analytic.data()[i], (values[0] - values[1]) / (2 * h));
    }
  }
  return result;
}

GradcheckResult gradcheck_params(const std::function<Var(Tape&)>& f, const std::vector<Param*>& params,
                                 Rng& rng, double h) {
  Tape tape;
  const Var out = f(tape);
  const Mat R = random_normal(tape.val(out).rows(), tape.val(out).cols(), rng);
  for (Param* p : params) p->zero_grad();
  tape.backward(out, R);
  GradcheckResult result;
  for (Param* p : params) {
    const Mat analytic = p->grad;
    for (Eigen::Index i = 0; i < p->value.size(); ++i) {
      const double original = p->value.data()[i];
      double values[2];
      for (int side = 0; side < 2; ++side) {
        p->value.data()[i] = original + (side ? -h : h);
        Tape probe;
        values[side] = projected(probe.val(f(probe)), R);
      }
      p->value.data()[i] = original;
      compare(result, analytic.data()[i], (values[0] - values[1]) / (2 * h));
    }
  }
  return result;
}

}  // namespace memo::testing
