#include "lib/experiments/mem/linear_conv_fit.hpp"

#include <fmt/format.h>
#include <limits>

#include "lib/dynamics/spectra.hpp"
#include "theory/conv_matrix.hpp"

namespace memo::mem {

using namespace conv_theory;  // the closed forms of theory/conv_matrix

LinearConvFit fit_linear_conv(ConvNet& net, const Mat& X, const OptimizerConfig& config,
                              const TrainOptions& options) {
  Optimizer optimizer(config, parameters(net));
  LinearConvFit fit;
  fit.training = train(optimizer, autoencoder_loss(net, X, LossKind::mse), options);
  if (fit.training.status == TrainStatus::diverged) {  // report NaN rather than fail the eigensolver
    const Eigen::Index d = net.input_size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    fit.op = Mat::Constant(d, d, nan);
    fit.spectrum = fit.singular_values = Vec::Constant(d, nan);
    fit.distance_to_projection = fit.range_outside_span = nan;
    return fit;
  }
  fit.op = linear_operator(net);
  fit.spectrum = spectrum_moduli(fit.op);
  fit.singular_values = memo::singular_values(fit.op);
  const Mat P = projection_onto_span(X);
  fit.distance_to_projection = (fit.op - P).norm();
  fit.range_outside_span = (fit.op - P * fit.op).norm() / fit.op.norm();
  return fit;
}

OptimizerConfig mem_table_optimizer(int layers) {
  if (layers <= 10) return Sgd{.lr = 0.1};
  return Adam{.lr = 1e-4};
}

std::string format_spectrum(const Vec& spectrum, int count) {
  std::string text;
  for (int i = 0; i < std::min<int>(count, static_cast<int>(spectrum.size())); ++i)
    text += fmt::format("{}{:.2g}", i ? ", " : "", spectrum(i));
  return text;
}

}  // namespace memo::mem
