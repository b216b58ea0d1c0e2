#include "lib/nn/init.hpp"

#include <cmath>
#include <fmt/format.h>

#include "lib/cli/parse.hpp"

namespace memo {

Mat initialize_layer(const std::string& spec, double fan_in, double fan_out, Mat& W, Rng& rng) {
  const auto colon = spec.find(':');
  const std::string name = spec.substr(0, colon);
  double value = 0;
  if (colon != std::string::npos && !read_finite(spec.substr(colon + 1), value))
    throw Error(fmt::format("init '{}': '{}' is not a finite number", spec, spec.substr(colon + 1)));
  if ((name == "uniform" || name == "normal") && value < 0)
    throw Error(fmt::format("init '{}': the {} must be >= 0", spec, name == "uniform" ? "half-width" : "std"));
  const bool needs_value = name == "const" || name == "uniform" || name == "normal";
  if (needs_value != (colon != std::string::npos))
    throw Error(fmt::format("init '{}': {}", spec, needs_value ? "needs a value, e.g. uniform:0.05"
                                                               : "takes no value"));
  const auto out = W.rows(), in = W.cols();
  Mat bias = Mat::Zero(out, 1);
  if (name == "default") {
    const double bound = 1.0 / std::sqrt(fan_in);
    W = random_uniform(out, in, rng, -bound, bound);
    bias = random_uniform(out, 1, rng, -bound, bound);
  } else if (name == "zero") {
    W.setZero();
  } else if (name == "const") {
    W.setConstant(value);
    bias.setConstant(value);
  } else if (name == "uniform") {
    W = random_uniform(out, in, rng, -value, value);
    bias = random_uniform(out, 1, rng, -value, value);
  } else if (name == "normal") {
    W = random_normal(out, in, rng, value);
    bias = random_normal(out, 1, rng, value);
  } else if (name == "xavier_uniform") {
    const double bound = std::sqrt(6.0 / (fan_in + fan_out));
    W = random_uniform(out, in, rng, -bound, bound);
  } else if (name == "xavier_normal") {
    W = random_normal(out, in, rng, std::sqrt(2.0 / (fan_in + fan_out)));
  } else if (name == "kaiming_uniform") {
    const double bound = std::sqrt(2.0) * std::sqrt(3.0 / fan_in);
    W = random_uniform(out, in, rng, -bound, bound);
  } else if (name == "kaiming_normal") {
    W = random_normal(out, in, rng, std::sqrt(2.0 / fan_in));
  } else {
    throw Error(fmt::format(
        "unknown init '{}' (known: default, zero, const:c, uniform:a, normal:s, "
        "xavier_uniform, xavier_normal, kaiming_uniform, kaiming_normal, or a .npz file)",
        spec));
  }
  return bias;
}

}  // namespace memo
