#include "lib/autodiff/activation.hpp"

#include <cmath>
#include <fmt/format.h>
#include <numbers>

#include "lib/compute/parallel.hpp"
#include "lib/core/pick.hpp"
#include "lib/core/simd_exp.hpp"
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

// σ(z) = 1/(1 + e) for z ≥ 0 and e/(1 + e) below, with e = e^{−|z|} (never overflows): one
// exp and one division, the same code in the vectorised loop of activate(act, Z, out) and in a
// scalar call, so that the two agree to the bit.
[[gnu::always_inline]] inline double sigmoid(double z) {
  const double e = simd_exp(-std::abs(z));
  return pick(z >= 0, 1.0, e) / (1 + e);
}

// SELU: λz for z > 0, λα(e^z − 1) below; derivatives λ and λα e^z, higher ones 0 and λα e^z.
[[gnu::always_inline]] inline double selu(double z, int derivative) {
  const double la = kSeluLambda * kSeluAlpha, e = simd_exp(pick(z > 0, 0.0, z));  // NaN stays NaN
  if (derivative == 0) return pick(z > 0, kSeluLambda * z, la * (e - 1));
  return pick(z > 0, derivative == 1 ? kSeluLambda : 0.0, la * e);
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

// y_i = f(z_i) over Z's entries, in blocks over the threads (parallel_blocks). simdlen(8): whole
// 512-bit vectors where the CPU has them (GCC's default on AVX-512 is 256 bits; the sigmoid's
// pass took 31 against 23 µs for 20,000 entries), two 256-bit halves on AVX2.
template <typename Function>
void map_entries(const Mat& Z, double* y, Function f) {
  const double* z = Z.data();
  parallel_blocks(Z.size(), [z, y, f](Eigen::Index begin, Eigen::Index end) {
#pragma omp simd simdlen(8)
    for (Eigen::Index i = begin; i < end; ++i) y[i] = f(z[i]);
  });
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
    case ActivationKind::selu: return selu(z, k);
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
    map_entries(Z, y, [](double v) __attribute__((always_inline)) { return sigmoid(v); });
    if (derivative > 0) {
      const Eigen::ArrayXXd s = out.array();
      switch (derivative) {
        case 1: out = (s * (1 - s)).matrix(); break;
        case 2: out = (s * (1 - s) * (1 - 2 * s)).matrix(); break;
        default: out = (s * (1 - s) * (1 - 6 * s + 6 * s * s)).matrix();
      }
    }
  } else if (act.kind == ActivationKind::selu) {
    // One loop per derivative: the order is a constant inside each (GCC 12 at -O2 does not
    // split a loop on a loop-invariant condition).
    if (derivative == 0) map_entries(Z, y, [](double v) __attribute__((always_inline)) { return selu(v, 0); });
    else if (derivative == 1) map_entries(Z, y, [](double v) __attribute__((always_inline)) { return selu(v, 1); });
    else map_entries(Z, y, [](double v) __attribute__((always_inline)) { return selu(v, 2); });
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
