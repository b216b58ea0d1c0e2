#include "lib/experiments/mem/one_dim.hpp"

#include <cmath>
#include <fmt/format.h>

#include "lib/dynamics/jacobian.hpp"

namespace memo::mem {

namespace {

struct Network1d {
  std::string name;  // "shallow, small init", …
  FcNetworkSettings settings;
  TrainResult training;
  std::vector<double> slopes;
  double reached = 0;  // share of starts within reach of an example after the iterations
  Mat map;             // f on the plotting grid (1, samples)
  Mat cobwebs;         // one orbit per row (kCobwebPoints points), one row per cobweb start
};

constexpr int kGridSamples = 801, kCobwebPoints = 30;  // an orbit: z0, f(z0), …, f^29(z0)

}  // namespace

std::vector<std::pair<std::string, OneDimSettings>> one_dim_presets() {
  OneDimSettings quick;  // small already
  return {{"quick", quick}, {"paper", quick}};
}

ExperimentResult run_one_dim(const OneDimSettings& s, const ExperimentContext& context) {
  const Eigen::Index n = static_cast<Eigen::Index>(s.points.size());
  Mat X(1, n);
  for (Eigen::Index i = 0; i < n; ++i) X(0, i) = s.points[i];
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < i; ++j)
      if (X(0, i) == X(0, j)) throw Error(fmt::format("--points: {} appears twice: expected distinct points", X(0, i)));

  std::vector<Network1d> nets;
  for (const auto& [depth_name, depth] : {std::pair{"shallow", s.shallow_depth}, std::pair{"deep", s.deep_depth}})
    for (const auto& [init_name, init] : {std::pair{"small", s.small_init}, std::pair{"large", s.large_init}}) {
      Network1d net;
      net.name = fmt::format("{}, {} init", depth_name, init_name);
      net.settings = s.net;
      net.settings.depth = depth;
      net.settings.init = init;
      nets.push_back(net);
    }
  Mat starts(1, s.starts);
  for (int j = 0; j < s.starts; ++j) starts(0, j) = -s.extent + 2 * s.extent * j / (s.starts - 1.0);
  Mat grid(1, kGridSamples);
  for (int j = 0; j < kGridSamples; ++j) grid(0, j) = -s.extent + 2 * s.extent * j / (kGridSamples - 1.0);
  const std::vector<double> cobweb_starts{-0.9 * s.extent, -0.3 * s.extent, 0.2 * s.extent, 0.8 * s.extent};

  // The four trainings are the runs of a sweep (resumable, over --threads, MPI ranks,
  // --shard); network k keeps its seed run_seed(--seed, k). A row holds what the tables and
  // figures need: slopes, the reached share, the map on the grid and the cobweb orbits.
  sweep::Sweep sweep;
  sweep.name = "mem-1d";
  for (size_t k = 0; k < nets.size(); ++k) sweep.points.push_back({{"index", k}, {"network", nets[k].name}});
  sweep.run = [&](const Json& point, int, std::uint64_t) {
    const size_t k = point.at("index").get<size_t>();
    const FcAutoencoder trained = train_fc_autoencoder(X, nets[k].settings, run_seed(context.seed, k), true);
    Json row{{"epochs", trained.training.epochs}, {"final_loss", trained.training.final_loss},
             {"converged", trained.training.converged()}};
    for (Eigen::Index i = 0; i < n; ++i) row[fmt::format("slope_{}", i)] = jacobian(trained.net, X.col(i))(0, 0);
    const Mat end = iterate_snapshots(mlp_map(trained.net), starts, {s.iterations}).points[0];
    int reached = 0;
    for (int j = 0; j < s.starts; ++j) reached += ((X.array() - end(0, j)).abs() < s.reach).any();
    row["reached_share"] = static_cast<double>(reached) / s.starts;
    row["map"] = matrix_text(forward(trained.net, grid));
    const DynamicalMap f = mlp_map(trained.net);
    Mat cobwebs(cobweb_starts.size(), kCobwebPoints);
    for (size_t c = 0; c < cobweb_starts.size(); ++c)
      cobwebs.row(c) = orbit(f, Vec::Constant(1, cobweb_starts[c]), kCobwebPoints).row(0);
    row["cobwebs"] = matrix_text(cobwebs);
    return row;
  };
  const auto rows = run_experiment_sweep(context, sweep, settings_json(s));
  if (!rows) return {};
  for (size_t k = 0; k < nets.size(); ++k) {
    const Json& row = (*rows)[k];
    Network1d& net = nets[k];
    net.training.epochs = row.at("epochs").get<long>();
    net.training.final_loss = sweep::row_number(row, "final_loss");
    net.training.status = row.at("converged").get<bool>() ? TrainStatus::converged : TrainStatus::max_epochs;
    for (Eigen::Index i = 0; i < n; ++i) net.slopes.push_back(sweep::row_number(row, fmt::format("slope_{}", i)));
    net.reached = sweep::row_number(row, "reached_share");
    net.map = matrix_from_text(row.at("map").get<std::string>(), 1, kGridSamples);
    net.cobwebs = matrix_from_text(row.at("cobwebs").get<std::string>(), static_cast<Eigen::Index>(cobweb_starts.size()),
                                   kCobwebPoints);
  }

  ExperimentResult out;
  out.rows = CsvTable({"network", "depth", "init", "example", "x", "slope", "final_loss", "reached_share"});
  Json measured = Json::array();
  int converged = 0;
  for (const Network1d& net : nets) {
    for (Eigen::Index i = 0; i < n; ++i)
      out.rows.add_row({net.name, static_cast<long>(net.settings.depth), net.settings.init, static_cast<long>(i), X(0, i),
                        net.slopes[i], net.training.final_loss, net.reached});
    measured.push_back({{"network", net.name}, {"slopes", net.slopes}, {"final_loss", net.training.final_loss},
                        {"epochs", net.training.epochs}, {"reached_share", net.reached}});
    converged += net.training.converged();
  }
  auto max_slope = [](const Network1d& net) {
    double m = 0;
    for (double v : net.slopes) m = std::max(m, std::abs(v));
    return m;
  };
  out.comparisons.push_back(compare_abs("networks trained to MSE < tol", "4", std::nullopt, converged, 4, 0));
  out.comparisons.push_back(compare_range("small init, shallow: max |f'(x_i)|", "< 1 (Fig. 1a)", std::nullopt,
                                          max_slope(nets[0]), 0, 1));
  out.comparisons.push_back(compare_range("small init, deep: max |f'(x_i)|", "< 1 (Fig. 1a)", std::nullopt,
                                          max_slope(nets[2]), 0, 1));
  out.comparisons.push_back(compare_range("small init: deep ÷ shallow max |f'(x_i)|", "< 1 (more attractive)",
                                          std::nullopt, max_slope(nets[2]) / max_slope(nets[0]), 0, 1));
  out.comparisons.push_back(compare_range("small init, shallow: starts that reach an example", "almost all",
                                          std::nullopt, nets[0].reached, 0.9, 1));
  out.measured = {{"networks", measured}};

  // The learned maps on a fine grid, and cobwebs from a few starts.
  std::string maps;
  for (int j = 0; j < kGridSamples; ++j) {
    maps += fmt::format("{:.9g}", grid(0, j));
    for (const Network1d& net : nets) maps += fmt::format(" {:.9g}", net.map(0, j));
    maps += "\n";
  }
  out.files.emplace_back("maps.dat", maps);
  std::string examples;
  for (Eigen::Index i = 0; i < n; ++i) examples += fmt::format("{:.9g} {:.9g}\n", X(0, i), X(0, i));
  out.files.emplace_back("examples.dat", examples);
  const std::string range = fmt::format("set xrange [{0}:{1}]; set yrange [{0}:{1}]\n", -s.extent, s.extent);
  std::string script =
      "set terminal pngcairo size 1000,800 noenhanced\nset multiplot layout 2,2\nset size ratio -1\nset key top left\n" + range;
  for (size_t k = 0; k < nets.size(); ++k)
    script += fmt::format("set title 'MEM Fig. 1a: {}'\nplot x with lines lc rgb 'grey' title 'f(x) = x', "
                          "'$OUT/maps.dat' using 1:{} with lines lw 2 lc rgb 'blue' title 'learned f', "
                          "'$OUT/examples.dat' with points pt 3 ps 2 lc rgb 'red' title 'examples'\n",
                          nets[k].name, k + 2);
  script += "unset multiplot\n";
  out.figures.push_back({"maps.png", script});

  // Cobweb (x_t, x_t) → (x_t, x_{t+1}) → (x_{t+1}, x_{t+1}) from starts across the range.
  std::string cobweb;
  for (size_t k = 0; k < nets.size(); ++k) {
    for (Eigen::Index c = 0; c < nets[k].cobwebs.rows(); ++c) {
      const auto path = nets[k].cobwebs.row(c);
      for (Eigen::Index t = 0; t + 1 < path.cols(); ++t)
        cobweb += fmt::format("{:.9g} {:.9g}\n{:.9g} {:.9g}\n", path(t), path(t), path(t), path(t + 1));
      cobweb += "\n";
    }
    cobweb += "\n";
  }
  out.files.emplace_back("cobweb.dat", cobweb);
  std::string cob = "set terminal pngcairo size 1000,800 noenhanced\nset multiplot layout 2,2\nset size ratio -1\nunset key\n" + range;
  for (size_t k = 0; k < nets.size(); ++k)
    cob += fmt::format("set title 'cobweb: {}'\nplot x with lines lc rgb 'grey', '$OUT/maps.dat' using 1:{} with lines "
                       "lc rgb 'blue', '$OUT/cobweb.dat' index {} with lines lc rgb 'dark-orange', "
                       "'$OUT/examples.dat' with points pt 3 ps 2 lc rgb 'red'\n",
                       nets[k].name, k + 2, k);
  cob += "unset multiplot\n";
  out.figures.push_back({"cobweb.png", cob});
  out.notes.push_back(fmt::format("points {}; width {}, depths {} and {}, {}; inits '{}' and '{}'",
                                  fmt::join(s.points, ", "), s.net.width, s.shallow_depth, s.deep_depth, s.net.act,
                                  s.small_init, s.large_init));
  return out;
}

}  // namespace memo::mem
