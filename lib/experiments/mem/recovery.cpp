#include "lib/experiments/mem/recovery.hpp"

#include <fmt/format.h>

#include "datasets/image_set.hpp"

namespace memo::mem {

std::vector<std::pair<std::string, RecoverySettings>> recovery_presets() {
  RecoverySettings paper;
  RecoverySettings quick = paper;
  quick.images = 50;
  quick.starts = 50;
  quick.widths = {32, 64, 128};
  quick.fixed_depth = 3;
  quick.depths = {1, 3, 5};
  quick.fixed_width = 64;
  quick.net.lr = 1e-3;  // lr 1e-4 leaves these networks at MSE ~1e-2 after 3000 epochs
  quick.net.max_epochs = 3000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_recovery(const RecoverySettings& s, const ExperimentContext& context) {
  for (size_t k = 1; k < s.iterations.size(); ++k)
    if (s.iterations[k] <= s.iterations[k - 1])
      throw Error(fmt::format("--iterations: {} after {}: expected ascending numbers", s.iterations[k], s.iterations[k - 1]));
  const ImageSet set = load_image_set(s.dataset);
  const ImageSplit split = split_images(set, s.images, s.starts, context.seed);
  const Vec norms = split.train.colwise().norm().transpose();

  sweep::Sweep sweep;
  sweep.name = "mem-recovery";
  for (int w : s.widths) sweep.points.push_back({{"panel", "width"}, {"width", w}, {"depth", s.fixed_depth}});
  for (int d : s.depths) sweep.points.push_back({{"panel", "depth"}, {"width", s.fixed_width}, {"depth", d}});
  sweep.repetitions = s.runs;
  sweep.run = [&](const Json& point, int, std::uint64_t seed) {
    FcNetworkSettings net = s.net;
    net.width = point.at("width").get<int>();
    net.depth = point.at("depth").get<int>();
    const FcAutoencoder trained = train_fc_autoencoder(split.train, net, seed, true);
    const Snapshots snaps = iterate_snapshots(mlp_map(trained.net), split.starts, s.iterations);
    Json row{{"epochs", trained.training.epochs}, {"final_loss", trained.training.final_loss},
             {"converged", trained.training.converged()}};
    for (size_t k = 0; k < s.iterations.size(); ++k) {
      // R_t: training images within ε‖x0‖ of some start's t-th iterate (MEM §3).
      const Mat& P = snaps.points[k];
      int recovered = 0;
      for (Eigen::Index i = 0; i < split.train.cols(); ++i)
        recovered += ((P.colwise() - split.train.col(i)).colwise().norm().minCoeff() < s.epsilon * norms(i));
      row[fmt::format("R_{}", s.iterations[k])] = static_cast<double>(recovered) / static_cast<double>(split.train.cols());
    }
    return row;
  };
  const auto rows = run_experiment_sweep(context, sweep, settings_json(s));
  if (!rows) return {};

  ExperimentResult out;
  out.rows = CsvTable({"panel", "width", "depth", "t", "R_t_lower_quartile", "R_t_median", "R_t_upper_quartile"});
  Json measured = Json::array();
  std::string data[2];
  std::vector<std::string> labels[2];
  std::vector<double> final_median[2];
  int converged = 0;
  for (size_t p = 0; p < sweep.points.size(); ++p) {
    const Json& point = sweep.points[p];
    const int panel = point.at("panel") == "width" ? 0 : 1;
    const int w = point.at("width"), d = point.at("depth");
    std::vector<double> medians;
    for (int rep = 0; rep < s.runs; ++rep) converged += (*rows)[p * s.runs + rep].at("converged").get<bool>();
    for (size_t k = 0; k < s.iterations.size(); ++k) {
      std::vector<double> values;
      for (int rep = 0; rep < s.runs; ++rep)
        values.push_back(sweep::row_number((*rows)[p * s.runs + rep], fmt::format("R_{}", s.iterations[k])));
      const Quartiles q = quartiles(values);
      medians.push_back(q.median);
      out.rows.add_row({point.at("panel").get<std::string>(), static_cast<long>(w), static_cast<long>(d),
                        static_cast<long>(s.iterations[k]), q.lower, q.median, q.upper});
      data[panel] += fmt::format("{} {:.6g} {:.6g} {:.6g}\n", s.iterations[k], q.lower, q.median, q.upper);
    }
    data[panel] += "\n\n";
    labels[panel].push_back(panel == 0 ? fmt::format("width {}", w) : fmt::format("depth {}", d));
    final_median[panel].push_back(medians.back());
    measured.push_back({{"panel", point.at("panel")}, {"width", w}, {"depth", d}, {"R_t_median", medians}});
  }
  const int total = static_cast<int>(sweep.points.size()) * s.runs;
  out.comparisons.push_back(compare_abs("networks trained to MSE < tol", fmt::format("{}", total), std::nullopt, converged,
                                        total, 0));
  const int T = s.iterations.back();
  if (s.widths.size() > 1)
    out.comparisons.push_back(compare_range(fmt::format("widths: R_{}(width {}) − R_{}(width {})", T, s.widths.back(), T,
                                                        s.widths.front()),
                                            "> 0 (Fig. 4)", std::nullopt,
                                            final_median[0].back() - final_median[0].front(), 1e-9, 1));
  if (s.depths.size() > 1)
    out.comparisons.push_back(compare_range(fmt::format("depths: R_{}(depth {}) − R_{}(depth {})", T, s.depths.back(), T,
                                                        s.depths.front()),
                                            "> 0 (Fig. 4)", std::nullopt,
                                            final_median[1].back() - final_median[1].front(), 1e-9, 1));
  out.measured = {{"networks", measured}, {"iterations", s.iterations}};

  std::string script = "set terminal pngcairo size 1300,500 noenhanced\nset multiplot layout 1,2\nset logscale x\n"
                       "set xlabel 't (iterations)'\nset ylabel 'R_t'\nset yrange [0:1.02]\nset key top left\n";
  const std::string titles[2] = {fmt::format("MEM Fig. 4: depth {}, widths", s.fixed_depth),
                                 fmt::format("MEM Fig. 4: width {}, depths", s.fixed_width)};
  for (int panel = 0; panel < 2; ++panel) {
    out.files.emplace_back(fmt::format("recovery_{}.dat", panel == 0 ? "widths" : "depths"), data[panel]);
    script += fmt::format("set title '{}'\nplot ", titles[panel]);
    for (size_t i = 0; i < labels[panel].size(); ++i)
      script += fmt::format("{}'$OUT/recovery_{}.dat' index {} {} lw 2 title '{}'", i ? ", " : "",
                            panel == 0 ? "widths" : "depths", i,
                            s.runs > 1 ? "using 1:3:2:4 with yerrorlines" : "using 1:3 with linespoints", labels[panel][i]);
    if (labels[panel].empty()) script += "NaN notitle";
    script += "\n";
  }
  script += "unset multiplot\n";
  out.figures.push_back({"recovery.png", script});
  out.notes.push_back(fmt::format("{} training and {} start images of {}; recovered: ‖f^t(x̃) − x0‖ < {:g}·‖x0‖",
                                  s.images, s.starts, s.dataset, s.epsilon));
  return out;
}

}  // namespace memo::mem
