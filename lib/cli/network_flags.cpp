#include "lib/cli/network_flags.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lib/cli/flag_checks.hpp"
#include "lib/io/model_io.hpp"

namespace memo {

void add_network_flags(CLI::App& app, NetworkFlags& flags) {
  app.add_option("--weights", flags.weights, "trained weights (.npz from train --save)")->required();
  app.add_option("--widths", flags.widths,
                 "layer widths d,k1,…,d as given to train (default: the file's; needed for files from NumPy/PyTorch)");
  app.add_option("--act", flags.act, "activation (sigmoid, power:3, linear:0.25,0.5, …; default: the file's, else sigmoid)");
  app.add_option("--param", flags.param, "parametrization: standard | ntk (default: the file's, else standard)");
  app.add_option("--bias", flags.bias, "1: layers have a bias, 0: none (default: the file's, else 1 standard, 0 ntk)")
      ->check(whole_in(0, 1));
}

Mlp load_network(const NetworkFlags& flags) {
  const NpzEntries entries = read_npz(flags.weights);
  const std::optional<MlpArchitecture> recorded = read_architecture(entries, flags.weights);
  MlpArchitecture arch;
  if (recorded) {
    arch = *recorded;
    auto contradicts = [&](const std::string& flag, const std::string& given, const std::string& file) {
      return Error(fmt::format("{} {} contradicts {}, which records {}", flag, given, flags.weights, file));
    };
    if (!flags.widths.empty() && parse_widths(flags.widths) != arch.widths)
      throw contradicts("--widths", flags.widths, fmt::format("widths {}", fmt::join(arch.widths, ",")));
    if (!flags.act.empty() &&
        activation_name(parse_activation(flags.act)) != activation_name(parse_activation(arch.activation)))
      throw contradicts("--act", flags.act, "activation " + arch.activation);
    if (!flags.param.empty() && parametrization_name(parse_parametrization(flags.param)) != arch.parametrization)
      throw contradicts("--param", flags.param, arch.parametrization + " parametrisation");
    if (flags.bias >= 0 && (flags.bias == 1) != arch.bias)
      throw contradicts("--bias", std::to_string(flags.bias), arch.bias ? "layers with bias" : "layers without bias");
  } else {
    if (flags.widths.empty())
      throw Error(fmt::format("{} does not record its architecture (not written by memo): give --widths, and "
                              "--act, --param, --bias as at training",
                              flags.weights));
    arch.widths = parse_widths(flags.widths);
    arch.activation = flags.act.empty() ? "sigmoid" : flags.act;
    arch.parametrization = flags.param.empty() ? "standard" : flags.param;
    const Parametrization param = parse_parametrization(arch.parametrization);
    arch.bias = flags.bias < 0 ? param == Parametrization::standard : flags.bias == 1;
  }
  if (arch.widths.size() < 2)
    throw Error(fmt::format("--widths {}: a network needs at least an input and an output width", flags.widths));
  Mlp net = make_mlp(arch);
  load_mlp_weights(entries, flags.weights, net);
  return net;
}

}  // namespace memo
