#include "lib/dynamics/cycle_spectrum.hpp"

#include <fmt/format.h>

#include "lib/dynamics/spectra.hpp"

namespace memo {

double cycle_spectral_radius(const Mlp& net, const Mat& orbit_points) {
  const Eigen::Index n = orbit_points.cols();
  if (n < 1) throw Error("cycle_spectral_radius: empty orbit");
  if (net.output_dim() != net.input_dim())
    throw Error(fmt::format("cycle_spectral_radius: the network maps R^{} to R^{}", net.input_dim(), net.output_dim()));
  std::vector<FactoredJacobian> J(n);
  for (Eigen::Index i = 0; i < n; ++i) J[i] = factored_jacobian(net, orbit_points.col(i));
  // B_1 A_n B_n A_{n−1} ⋯ B_2 A_1, built from the right.
  Mat S = Mat::Identity(J[0].B.rows(), J[0].B.rows());
  for (Eigen::Index i = 1; i < n; ++i) S = (J[i].B * J[i - 1].A) * S;
  S = (J[0].B * J[n - 1].A) * S;
  return spectral_radius(S);
}

}  // namespace memo
