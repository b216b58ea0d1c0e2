#include "lib/cli/network_flags.hpp"

#include "lib/io/model_io.hpp"

namespace memo {

void add_network_flags(CLI::App& app, NetworkFlags& flags) {
  app.add_option("--weights", flags.weights, "trained weights (.npz from train --save)")->required();
  app.add_option("--widths", flags.widths, "layer widths d,k1,…,d as given to train")->required();
  app.add_option("--act", flags.act, "activation (sigmoid, power:3, linear:0.25,0.5, …)")->capture_default_str();
  app.add_option("--param", flags.param, "parametrization: standard | ntk")->capture_default_str();
  app.add_option("--bias", flags.bias, "1: layers have a bias, 0: none (default 1 standard, 0 ntk)")
      ->check(CLI::Range(0, 1));
}

Mlp load_network(const NetworkFlags& flags) {
  const Parametrization param = parse_parametrization(flags.param);
  const bool with_bias = flags.bias < 0 ? param == Parametrization::standard : flags.bias == 1;
  Rng rng(0);  // the initial draw is overwritten by the saved weights
  Mlp net = make_mlp(parse_widths(flags.widths), parse_activation(flags.act), param, with_bias, rng);
  load_mlp_weights(flags.weights, net);
  return net;
}

}  // namespace memo
