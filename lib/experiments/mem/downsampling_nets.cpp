#include "lib/experiments/mem/downsampling_nets.hpp"

#include <fmt/format.h>

namespace memo::mem {

int downsampling_levels(int size) {
  int levels = 0;
  while ((1 << levels) < size) ++levels;
  if (size < 2 || (1 << levels) != size) throw Error(fmt::format("size {}: expected a power of 2, at least 2", size));
  return levels;
}

namespace {

// The decoder both nets share: `levels` × [upsample ×2, conv], then the conv to one channel.
void add_decoder(ConvNet& net, int levels, int filters, bool bias) {
  for (int l = 0; l < levels; ++l) {
    add_upsample(net, 2);
    add_conv(net, filters, 3, 1, 1, bias, true);
  }
  add_conv(net, 1, 3, 1, 1, bias, false);
}

}  // namespace

ConvNet downsampling_net_d1(int size, int filters, const Activation& activation, bool bias) {
  const int levels = downsampling_levels(size);
  if (filters < 1) throw Error(fmt::format("filters {}: expected at least 1", filters));
  ConvNet net;
  net.input = {1, size, size};
  net.activation = activation;
  for (int l = 0; l < levels; ++l) add_conv(net, filters, 3, 1, 2, bias, true);
  add_decoder(net, levels, filters, bias);
  check_network(net);
  return net;
}

ConvNet downsampling_net_d2(int size, int filters, int depth, const Activation& activation, bool bias) {
  const int levels = downsampling_levels(size);
  if (levels < 2) throw Error(fmt::format("D2 size {}: expected at least 4 (the 4×4 representation)", size));
  if (filters < 1 || depth < 0)
    throw Error(fmt::format("D2 filters {}, depth {}: expected at least 1 filter and depth ≥ 0", filters, depth));
  ConvNet net;
  net.input = {1, size, size};
  net.activation = activation;
  add_conv(net, filters, size / 4, 0, size / 4, bias, true);
  for (int l = 0; l < depth; ++l) add_conv(net, filters, 3, 1, 1, bias, true);
  add_decoder(net, levels - 2, filters, bias);
  check_network(net);
  return net;
}

}  // namespace memo::mem
