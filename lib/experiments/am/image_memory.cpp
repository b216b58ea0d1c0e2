#include "lib/experiments/am/image_memory.hpp"

#include <cmath>

#include "datasets/image_set.hpp"
#include "datasets/preprocess.hpp"
#include "datasets/selection.hpp"

namespace memo::am {

ImageMemory train_image_memory(const ImageMemorySettings& s, std::uint64_t seed, Rng& rng, bool quiet,
                               const Checkpointing& checkpoint) {
  ImageMemory m;
  const ImageSet set = load_image_set(s.dataset);
  if (s.examples > set.size())
    throw Error(fmt::format("--examples {}: expected at most the {} images of {}", s.examples, set.size(), s.dataset));
  if (set.height % s.downsample != 0 || set.width % s.downsample != 0)
    throw Error(fmt::format("--downsample {}: expected a divisor of the image side {}", s.downsample, set.height));
  m.indices = select_examples(set.labels, {.count = s.examples, .seed = seed, .balanced = true});
  m.X = image_columns(set, m.indices);
  if (s.downsample > 1) m.X = downsample(m.X, set.height, set.width, s.downsample);
  const int d = static_cast<int>(m.X.rows());
  m.side = static_cast<int>(std::lround(std::sqrt(d)));
  std::vector<int> widths{d};
  widths.insert(widths.end(), s.depth, s.width);
  widths.push_back(d);
  m.net = make_mlp(widths, parse_activation(s.act), Parametrization::standard, true, rng);
  if (s.init != "default") initialize(m.net, s.init, rng);  // AM Fig. 2: U[−0.02, 0.02]
  Optimizer adam(Adam{.lr = s.lr}, parameters(m.net));     // AM's optimizer and loss threshold
  m.fit = train(m.net, m.X, m.X, LossKind::mse, adam,
                {.tol = s.tol, .max_epochs = s.max_epochs, .quiet = quiet, .keep_history = true, .checkpoint = checkpoint});
  const DynamicalMap f = mlp_map(m.net);
  m.fixed_points = m.X;
  for (int i = 0; i < s.examples; ++i) {
    try {
      m.fixed_points.col(i) = newton_fixed_point(f, m.X.col(i));
    } catch (const Error&) {
      ++m.newton_failures;  // no fixed point next to x_i: judged at x_i itself
    }
  }
  m.at_fixed_points = spectra_at(f, m.fixed_points);
  for (const Spectrum& sp : m.at_fixed_points) {
    m.attractors += sp.spectral_radius < 1;
    m.largest_spectral_radius = std::max(m.largest_spectral_radius, sp.spectral_radius);
  }
  m.max_fixed_point_offset = (m.fixed_points - m.X).colwise().norm().maxCoeff();
  return m;
}

}  // namespace memo::am
