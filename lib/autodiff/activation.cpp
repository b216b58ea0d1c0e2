#include "lib/autodiff/activation.hpp"

#include <cmath>
#include <fmt/format.h>
#include <numbers>

#include "lib/compute/parallel.hpp"
#include "lib/core/pick.hpp"
#include "lib/cli/parse.hpp"

namespace memo {
namespace {

struct NamedKind {
  const char* name;
  ActivationKind kind;
};
constexpr NamedKind kNames[] = {
    {"sigmoid", ActivationKind::sigmoid},   {"tanh", ActivationKind::tanh},
    {"erf", ActivationKind::erf},           {"sigmoid_erf", ActivationKind::sigmoid_erf},
    {"relu", ActivationKind::relu},         {"leaky_relu", ActivationKind::leaky_relu},
    {"selu", ActivationKind::selu},         {"swish", ActivationKind::swish},
    {"cosid", ActivationKind::cosid},       {"sinusoid", ActivationKind::sinusoid},
    {"exp2", ActivationKind::exp2},         {"power", ActivationKind::power},
    {"softplus", ActivationKind::softplus}, {"linear", ActivationKind::linear},
    {"identity", ActivationKind::identity},
};

// SELU constants (Klambauer et al.; PyTorch's values).
constexpr double kSeluLambda = 1.0507009873554805;
constexpr double kSeluAlpha = 1.6732632423543772;

// The same formula as the vectorised loop in activate(act, Z, out): r = 1/(1 + e^{−|z|}).
double sigmoid(double z) {
  const double e = std::exp(-std::abs(z));
  const double r = 1.0 / (1.0 + e);
  return z >= 0 ? r : e * r;
}

// Derivatives of the logistic function in terms of s = σ(z).
double sigmoid_derivative(double s, int derivative) {
  switch (derivative) {
    case 0: return s;
    case 1: return s * (1 - s);
    case 2: return s * (1 - s) * (1 - 2 * s);
    default: return s * (1 - s) * (1 - 6 * s + 6 * s * s);
  }
}

// d^k/dz^k z^m, with the coefficient checked first so that 0·∞ never appears at z = 0.
double power_derivative(double z, double m, int derivative) {
  double coefficient = 1;
  for (int i = 0; i < derivative; ++i) coefficient *= (m - i);
  if (coefficient == 0) return 0;
  return coefficient * std::pow(z, m - derivative);
}

// Calls finish(begin, end, e) on blocks of Z's entries (over the threads: parallel_blocks),
// where e[i] = e^{exponent(z_i)} for i in [begin, end). The exponentials use Eigen's vectorised
// exp (AVX-512: several times faster than glibc's scalar exp, which was about half of a small
// network's training step; accurate to about 1 ulp). The buffer is padded to whole SIMD
// packets and blocks start on whole packets, so that every entry takes the vectorised path:
// Eigen finishes a ragged tail (or an unaligned head) with the scalar exp, whose last bit can
// differ, and an entry's value would then depend on where it sits in the batch.
template <typename Exponent, typename Finish>
void with_exp(const Mat& Z, Exponent exponent, Finish finish) {
  const Eigen::Index size = Z.size(), padded = (size + 15) / 16 * 16;
  Eigen::ArrayXd buffer(padded);  // Eigen aligns it to 64 bytes: blocks start on a packet
  const double* z = Z.data();
  double* e = buffer.data();
  parallel_blocks(size, [&, z, e](Eigen::Index begin, Eigen::Index end) {
    const Eigen::Index stop = end == size ? padded : end;  // the last block takes the padding
    for (Eigen::Index i = begin; i < end; ++i) e[i] = exponent(z[i]);
    for (Eigen::Index i = end; i < stop; ++i) e[i] = 0;
    auto block = buffer.segment(begin, stop - begin);
    block = block.exp();
    finish(begin, end, e);
  });
}

// σ = r = 1/(1 + e) for z ≥ 0 and e·r for z < 0, with e = e^{−|z|} (never overflows): one exp
// and one division per entry.
void sigmoid_block(const double* z, const double* e, double* y, Eigen::Index begin, Eigen::Index end) {
#pragma omp simd
  for (Eigen::Index i = begin; i < end; ++i) {
    const double r = 1 / (1 + e[i]);
    y[i] = pick(z[i] >= 0, r, e[i] * r);
  }
}

// SELU: λz for z > 0, λα(e^z − 1) below (e = e^{min(z, 0)}); derivatives λ and λα e^z, higher
// ones 0 and λα e^z.
void selu_block(const double* z, const double* e, double* y, int derivative, Eigen::Index begin,
                Eigen::Index end) {
  const double lambda = kSeluLambda, la = kSeluLambda * kSeluAlpha;
  if (derivative == 0) {
#pragma omp simd
    for (Eigen::Index i = begin; i < end; ++i) y[i] = pick(z[i] > 0, lambda * z[i], la * (e[i] - 1));
  } else {
    const double above = derivative == 1 ? lambda : 0;  // φ^(k)(z) for z > 0
#pragma omp simd
    for (Eigen::Index i = begin; i < end; ++i) y[i] = pick(z[i] > 0, above, la * e[i]);
  }
}

}  // namespace

Activation parse_activation(const std::string& text) {
  const auto colon = text.find(':');
  const std::string name = text.substr(0, colon);
  const std::string params = colon == std::string::npos ? "" : text.substr(colon + 1);
  Activation act;
  bool found = false;
  for (const auto& entry : kNames)
    if (name == entry.name) act.kind = entry.kind, found = true;
  if (!found) {
    std::string known;
    for (const auto& entry : kNames) known += std::string(known.empty() ? "" : ", ") + entry.name;
    throw Error(fmt::format("unknown activation '{}' (known: {})", text, known));
  }
  const std::vector<double> values =
      colon == std::string::npos ? std::vector<double>{} : parse_number_list(params, fmt::format("activation '{}'", text));
  auto expect = [&](size_t lo, size_t hi, const char* form) {
    if (values.size() < lo || values.size() > hi)
      throw Error(fmt::format("activation '{}': expected the form {}", text, form));
  };
  switch (act.kind) {
    case ActivationKind::power:
      expect(1, 1, "power:m");
      act.a = values[0];
      break;
    case ActivationKind::linear:
      expect(0, 2, "linear or linear:alpha or linear:alpha,beta");
      act.a = values.size() > 0 ? values[0] : 1.0;
      act.b = values.size() > 1 ? values[1] : 0.0;
      break;
    case ActivationKind::leaky_relu:
      expect(0, 1, "leaky_relu or leaky_relu:slope");
      act.a = values.empty() ? 0.01 : values[0];
      break;
    default:
      expect(0, 0, name.c_str());
  }
  return act;
}

std::string activation_name(const Activation& act) {
  std::string name;
  for (const auto& entry : kNames)
    if (entry.kind == act.kind) name = entry.name;
  switch (act.kind) {
    case ActivationKind::power: return fmt::format("{}:{}", name, act.a);
    case ActivationKind::linear: return fmt::format("{}:{},{}", name, act.a, act.b);
    case ActivationKind::leaky_relu: return fmt::format("{}:{}", name, act.a);
    default: return name;
  }
}

std::vector<std::string> activation_names() {
  std::vector<std::string> names;
  for (const auto& entry : kNames) names.emplace_back(entry.name);
  return names;
}

double activate(const Activation& act, double z, int k) {
  using std::exp;
  constexpr double two_over_sqrt_pi = 2.0 * std::numbers::inv_sqrtpi;
  switch (act.kind) {
    case ActivationKind::sigmoid: return sigmoid_derivative(sigmoid(z), k);
    case ActivationKind::tanh: {
      const double t = std::tanh(z);
      if (k == 0) return t;
      if (k == 1) return 1 - t * t;
      if (k == 2) return -2 * t * (1 - t * t);
      return -2 * (1 - t * t) * (1 - 3 * t * t);
    }
    case ActivationKind::erf: {
      if (k == 0) return std::erf(z);
      const double g = two_over_sqrt_pi * exp(-z * z);
      if (k == 1) return g;
      if (k == 2) return -2 * z * g;
      return (4 * z * z - 2) * g;
    }
    case ActivationKind::sigmoid_erf: {  // ½ erf(z/2) + ½
      if (k == 0) return 0.5 * std::erf(z / 2) + 0.5;
      const double g = 0.5 * std::numbers::inv_sqrtpi * exp(-z * z / 4);
      if (k == 1) return g;
      if (k == 2) return -z / 2 * g;
      return (z * z / 4 - 0.5) * g;
    }
    case ActivationKind::relu:
      if (k == 0) return z > 0 ? z : 0;
      return k == 1 ? (z > 0 ? 1 : 0) : 0;
    case ActivationKind::leaky_relu:
      if (k == 0) return z > 0 ? z : act.a * z;
      return k == 1 ? (z > 0 ? 1 : act.a) : 0;
    case ActivationKind::selu:
      if (z > 0) return k == 0 ? kSeluLambda * z : (k == 1 ? kSeluLambda : 0);
      if (k == 0) return kSeluLambda * kSeluAlpha * (exp(z) - 1);
      return kSeluLambda * kSeluAlpha * exp(z);
    case ActivationKind::swish: {  // z σ(z): (zσ)^{(k)} = k σ^{(k−1)} + z σ^{(k)}
      const double s = sigmoid(z);
      if (k == 0) return z * s;
      return k * sigmoid_derivative(s, k - 1) + z * sigmoid_derivative(s, k);
    }
    case ActivationKind::cosid:
      if (k == 0) return std::cos(z) - z;
      if (k == 1) return -std::sin(z) - 1;
      if (k == 2) return -std::cos(z);
      return std::sin(z);
    case ActivationKind::sinusoid:
      if (k == 0) return z + std::sin(10 * z) / 5;
      if (k == 1) return 1 + 2 * std::cos(10 * z);
      if (k == 2) return -20 * std::sin(10 * z);
      return -200 * std::cos(10 * z);
    case ActivationKind::exp2: return std::ldexp(exp(2 * z), k);  // 2^k e^{2z}
    case ActivationKind::power: return power_derivative(z, act.a, k);
    case ActivationKind::softplus:  // log(1 + e^z); derivatives are those of σ, shifted
      if (k == 0) return z > 0 ? z + std::log1p(exp(-z)) : std::log1p(exp(z));
      return sigmoid_derivative(sigmoid(z), k - 1);
    case ActivationKind::linear:
      if (k == 0) return act.a * z + act.b;
      return k == 1 ? act.a : 0;
    case ActivationKind::identity:
      if (k == 0) return z;
      return k == 1 ? 1 : 0;
  }
  return 0;
}

void activate(const Activation& act, const Mat& Z, Mat& out, int derivative) {
  out.resize(Z.rows(), Z.cols());
  const Eigen::Index size = Z.size();
  const double* z = Z.data();
  double* y = out.data();
  // The common cases get their own loops (no switch per element); the rest share one.
  if (act.kind == ActivationKind::sigmoid) {
    with_exp(Z, [](double v) { return -std::abs(v); },
             [z, y](Eigen::Index begin, Eigen::Index end, const double* e) { sigmoid_block(z, e, y, begin, end); });
    if (derivative > 0) {
      const Eigen::ArrayXXd s = out.array();
      switch (derivative) {
        case 1: out = (s * (1 - s)).matrix(); break;
        case 2: out = (s * (1 - s) * (1 - 2 * s)).matrix(); break;
        default: out = (s * (1 - s) * (1 - 6 * s + 6 * s * s)).matrix();
      }
    }
  } else if (act.kind == ActivationKind::selu) {
    with_exp(Z, [](double v) { return std::min(v, 0.0); },
             [z, y, derivative](Eigen::Index begin, Eigen::Index end, const double* e) {
               selu_block(z, e, y, derivative, begin, end);
             });
  } else if (act.kind == ActivationKind::identity || act.kind == ActivationKind::linear) {
    const double slope = act.kind == ActivationKind::linear ? act.a : 1.0;
    const double offset = act.kind == ActivationKind::linear ? act.b : 0.0;
    if (derivative == 0) out = (slope * Z.array() + offset).matrix();
    else out.setConstant(derivative == 1 ? slope : 0.0);
  } else if (act.kind == ActivationKind::relu && derivative <= 1) {
    if (derivative == 0) out = Z.cwiseMax(0.0);
    else out = (Z.array() > 0).cast<double>().matrix();
  } else {
    for (Eigen::Index i = 0; i < size; ++i) y[i] = activate(act, z[i], derivative);
  }
}

Mat activate(const Activation& act, const Mat& Z, int derivative) {
  Mat out;
  activate(act, Z, out, derivative);
  return out;
}

double elasticity(const Activation& act, double z) {
  return z * activate(act, z, 1) / activate(act, z, 0);
}

}  // namespace memo
