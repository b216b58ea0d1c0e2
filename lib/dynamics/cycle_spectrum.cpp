#include "lib/dynamics/cycle_spectrum.hpp"

#include <fmt/format.h>

#include "lib/dynamics/spectra.hpp"

namespace memo {

namespace {

// φ'(z) ⊙ rows of M and φ(z) in place of z (nothing for the identity).
void activate_rows(const Activation& act, Vec& z, Mat& M) {
  if (act.kind == ActivationKind::identity) return;
  M = activate(act, z, 1).asDiagonal() * M;
  z = activate(act, z, 0);
}

Vec affine(const Linear& layer, const Vec& h) {
  Vec z = layer.weight.value * h;
  if (layer.forward_scale != 1) z *= layer.forward_scale;
  if (layer.has_bias) z += layer.bias.value.col(0);
  return z;
}

}  // namespace

FactoredJacobian factored_jacobian(const Mlp& net, const Vec& x) {
  if (net.layers.size() < 2) throw Error("factored_jacobian: the network has no hidden layer");
  if (x.size() != net.input_dim())
    throw Error(fmt::format("factored_jacobian: point of dimension {}, network input {}", x.size(), net.input_dim()));
  FactoredJacobian out;
  const Linear& first = net.layers.front();
  Vec h = affine(first, x);
  out.B = first.weight.value;
  if (first.forward_scale != 1) out.B *= first.forward_scale;
  activate_rows(net.activation, h, out.B);
  out.A = Mat::Identity(h.size(), h.size());
  for (size_t l = 1; l < net.layers.size(); ++l) {
    const Linear& layer = net.layers[l];
    h = affine(layer, h);
    out.A = layer.weight.value * out.A;
    if (layer.forward_scale != 1) out.A *= layer.forward_scale;
    activate_rows(l + 1 == net.layers.size() ? net.output_activation : net.activation, h, out.A);
  }
  return out;
}

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
