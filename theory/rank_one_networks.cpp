#include "theory/rank_one_networks.hpp"

#include <cmath>
#include <fmt/format.h>

#include "theory/rank_one.hpp"

namespace memo::rank_one {

Mlp chain_network(const Vec& x_in, const Vec& x_out, const Activation& act, const std::vector<int>& hidden_widths,
                  const std::vector<double>& params) {
  if (params.size() != hidden_widths.size() + 1)
    throw Error(fmt::format("chain_network: {} hidden layers need {} scalars, got {}", hidden_widths.size(),
                            hidden_widths.size() + 1, params.size()));
  for (const Vec* x : {&x_in, &x_out})
    if (std::abs(x->norm() - 1) > 1e-12)
      throw Error(fmt::format("chain_network: example norm {} must be 1", x->norm()));
  if (x_in.size() != x_out.size())
    throw Error(fmt::format("chain_network: input dimension {} differs from output {}", x_in.size(), x_out.size()));
  const int d = static_cast<int>(x_in.size());
  std::vector<int> widths{d};
  widths.insert(widths.end(), hidden_widths.begin(), hidden_widths.end());
  widths.push_back(d);
  Rng unused(0);
  Mlp net = make_mlp(widths, act, Parametrization::standard, false, unused);
  const size_t L = hidden_widths.size();
  net.layers[0].weight.value = Vec::Constant(hidden_widths[0], params[0]) * x_in.transpose();
  for (size_t i = 1; i < L; ++i)
    net.layers[i].weight.value = Mat::Constant(hidden_widths[i], hidden_widths[i - 1], params[i]);
  net.layers[L].weight.value = x_out * Vec::Constant(hidden_widths[L - 1], params[L]).transpose();
  return net;
}

Mlp interpolating_non_attractor(const Vec& x, const Activation& act, int k, double v) {
  return chain_network(x, x, act, {k}, {v, interpolating_u(act, k, v)});
}

}  // namespace memo::rank_one
