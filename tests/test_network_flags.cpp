// The jacobian and iterate tools rebuild a saved network from train's flags.
#include <doctest/doctest.h>

#include <filesystem>

#include "lib/io/model_io.hpp"
#include "lib/cli/network_flags.hpp"

using namespace memo;

TEST_CASE("load_network rebuilds a saved network from --widths/--act/--param/--bias") {
  const std::string dir = "build/test-output/network_flags";
  std::filesystem::create_directories(dir);
  for (const std::string param : {"standard", "ntk"}) {
    Rng rng(5);
    const Mlp net = make_mlp({3, 8, 3}, parse_activation("swish"), parse_parametrization(param),
                             param == "standard", rng);
    save_mlp(dir + "/w.npz", net);
    NetworkFlags flags{dir + "/w.npz", "3,8,3", "swish", param, -1};
    const Mlp loaded = load_network(flags);
    const Mat X = random_normal(3, 4, rng);
    CHECK((forward(loaded, X) - forward(net, X)).norm() == 0);
    flags.bias = param == "standard" ? 0 : 1;  // the file disagrees with the flag
    CHECK_THROWS_AS(load_network(flags), Error);
  }
}
