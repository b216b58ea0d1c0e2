#include "lib/experiments/mem/table_readings.hpp"

#include <Eigen/QR>
#include <fmt/format.h>

namespace memo::mem {

namespace {

// uniform on 0 … k − 1 (the modulo bias is below 2^-60 for these k), the same on every platform
int draw_below(int k, Rng& rng) { return static_cast<int>(rng() % static_cast<std::uint64_t>(k)); }

Mat white_squares(int size, int n, Rng& rng) {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    Mat X = Mat::Zero(size * size, n);
    for (int j = 0; j < n; ++j) {
      const int side = 1 + draw_below(size, rng);
      const int top = draw_below(size - side + 1, rng);
      const int left = draw_below(size - side + 1, rng);
      for (int r = top; r < top + side; ++r)
        for (int c = left; c < left + side; ++c) X(r * size + c, j) = 1;
    }
    if (Eigen::ColPivHouseholderQR<Mat>(X).rank() == n) return X;
  }
  throw Error(fmt::format("--images square: found no {} linearly independent white squares of size {}×{}", n, size,
                          size));
}

}  // namespace

void check_image_kind(const std::string& kind) {
  if (kind != "gaussian" && kind != "abs" && kind != "square")
    throw Error(fmt::format("--images '{}': expected gaussian, abs or square", kind));
}

Mat table_images(const std::string& kind, int size, int n, Rng& rng) {
  check_image_kind(kind);
  if (kind == "gaussian") return random_normal(size * size, n, rng);
  if (kind == "abs") return random_normal(size * size, n, rng).cwiseAbs();
  return white_squares(size, n, rng);
}

void initialize_table_net(ConvNet& net, const std::string& init, int filters, Rng& rng) {
  const std::string prefix = "const_over_filters:";
  if (init.rfind(prefix, 0) != 0) return initialize(net, init, rng);
  const std::string value = init.substr(prefix.size());
  double c = 0;
  try {
    size_t used = 0;
    c = std::stod(value, &used);
    if (used != value.size()) throw std::invalid_argument(value);
  } catch (const std::exception&) {
    throw Error(fmt::format("--init '{}': expected const_over_filters:<number>", init));
  }
  initialize(net, fmt::format("const:{:.17g}", c / filters), rng);
}

}  // namespace memo::mem
