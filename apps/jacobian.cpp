// jacobian — the Jacobian of a saved network at given points: spectral radius (the attractor
// test of AM Prop. 1: a fixed point attracts when ρ < 1) and operator norm, which differ
// because J is not symmetric; with --eigenvalues, every eigenvalue.
//
//   build/bin/jacobian --weights final.npz --points X.npy [--eigenvalues] [--json]
//
// A file train wrote records its architecture; for weights from NumPy or PyTorch give
// --widths 32,1000,32 --act sigmoid --param ntk (and --bias) as at training.
//
// Points files have shape (n, d): one point per row. Exit 2 on bad input.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lib/dynamics/dynamical_map.hpp"
#include "lib/cli/flag_checks.hpp"
#include "lib/cli/network_flags.hpp"
#include "lib/io/npy.hpp"
#include "lib/dynamics/spectra.hpp"

using namespace memo;

int main(int argc, char** argv) {
  CLI::App app{"Spectral radius, operator norm and eigenvalues of a saved network's Jacobian at points.",
               "jacobian"};
  NetworkFlags network;
  std::string points_path;
  bool with_eigenvalues = false, json = false;
  int threads = 0;
  add_network_flags(app, network);
  app.add_option("--points", points_path, "points, .npy of shape (n, d)")->required();
  app.add_flag("--eigenvalues", with_eigenvalues, "also print every eigenvalue (decreasing modulus)");
  app.add_option("--threads", threads, "threads (0: all cores)")->capture_default_str()->check(whole_in(0, 4096));
  app.add_flag("--json", json,
               "print {\"points\": [{\"spectral_radius\", \"operator_norm\", \"eigenvalues\": [[re, im], …]}, …]}");

  return run_main(app, argc, argv, [&] {
    set_threads(threads);
    const Mlp net = load_network(network);
    const Mat P = read_examples(points_path);
    if (P.rows() != net.input_dim())
      throw Error(fmt::format("{} has points of dimension {}, the network's input is {}", points_path, P.rows(),
                              net.input_dim()));
    // J is square only for maps R^d → R^d; a non-square J has singular values but no eigenvalues.
    if (net.input_dim() != net.output_dim())
      throw Error(fmt::format("widths {}: eigenvalues need equal input and output widths", fmt::join(net.widths, ",")));
    const std::vector<Spectrum> s = spectra_at(mlp_map(net), P, with_eigenvalues);
    if (json) {
      Json points = Json::array();
      for (const Spectrum& sp : s) {
        Json p = {{"spectral_radius", sp.spectral_radius}, {"operator_norm", sp.operator_norm}};
        if (with_eigenvalues) {
          Json values = Json::array();
          for (const auto& v : sp.eigenvalues) values.push_back({v.real(), v.imag()});
          p["eigenvalues"] = values;
        }
        points.push_back(p);
      }
      print_json({{"points", points}});
      return kExitOk;
    }
    fmt::print("{:>6}  {:>14}  {:>14}\n", "point", "spectral_rad", "operator_norm");
    for (size_t i = 0; i < s.size(); ++i) {
      fmt::print("{:>6}  {:>14.8g}  {:>14.8g}\n", i, s[i].spectral_radius, s[i].operator_norm);
      if (with_eigenvalues) {
        for (const auto& v : s[i].eigenvalues) fmt::print("        {:+.10g} {:+.10g}i\n", v.real(), v.imag());
      }
    }
    return kExitOk;
  });
}
