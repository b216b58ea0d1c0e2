// sweep — the sweep runner's own commands (lib/sweep).
//
//   build/bin/sweep merge SHARD_DIR... --out DIR   join the folders of `--shard i/N` runs
//   build/bin/sweep demo --out DIR [--threads N] [--shard i/N] [--fresh]
//
// After a merge, the sweep's own command with --out DIR (and no --shard) runs nothing and
// writes the summary and figures from all rows. `demo` is a small real sweep (NTK §4: wide
// 2-layer sigmoid networks in the NTK parametrisation on points of a sphere, a few GD steps;
// row = mean spectral radius of J at the examples) for the tests and the benchmark.
#include <cmath>
#include <filesystem>
#include <fmt/format.h>

#include "datasets/synthetic.hpp"
#include "lib/cli/cli.hpp"
#include "lib/cli/parse.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/io/npy.hpp"
#include "lib/nn/train.hpp"
#include "lib/sweep/shard.hpp"
#include "lib/sweep/sweep.hpp"

using namespace memo;

namespace {

struct DemoSettings {
  std::string widths = "16,32", radii = "1,4";
  int repetitions = 3, dim = 6, n = 3;
  long steps = 20;
  double lr = 1;
  unsigned long seed = 0;
};

Json demo_run(const DemoSettings& s, const Json& point, std::uint64_t seed) {
  Rng rng(seed);
  const int width = point["width"].get<int>();
  const Mat X = sphere_points(s.dim, s.n, point["radius"].get<double>(), rng);
  Mlp net = make_mlp({s.dim, width, s.dim}, parse_activation("sigmoid"), Parametrization::ntk, false, rng);
  Optimizer optimizer(Sgd{.lr = s.lr}, parameters(net));
  const TrainResult trained = train(net, X, X, LossKind::half_sum_over_n, optimizer,
                                    {.max_epochs = s.steps, .quiet = true, .keep_history = false});
  double radius_sum = 0;
  for (Eigen::Index i = 0; i < X.cols(); ++i) radius_sum += spectral_radius(jacobian(net, Vec(X.col(i))));
  Json row = Json::object();
  row["loss"] = trained.final_loss;
  row["spectral_radius"] = radius_sum / static_cast<double>(X.cols());
  return row;
}

// Mean and standard deviation of the spectral radius over the repetitions of each point.
Json demo_summary(const std::vector<Json>& rows, int repetitions) {
  Json points = Json::array();
  for (size_t first = 0; first < rows.size(); first += static_cast<size_t>(repetitions)) {
    double sum = 0, square_sum = 0;
    for (int r = 0; r < repetitions; ++r) {
      const double rho = rows[first + static_cast<size_t>(r)]["spectral_radius"].get<double>();
      sum += rho;
      square_sum += rho * rho;
    }
    const double mean = sum / repetitions;
    Json entry = Json::object();
    entry["width"] = rows[first]["width"];
    entry["radius"] = rows[first]["radius"];
    entry["spectral_radius_mean"] = mean;
    entry["spectral_radius_std"] = std::sqrt(std::max(0.0, square_sum / repetitions - mean * mean));
    points.push_back(entry);
  }
  Json summary = Json::object();
  summary["app"] = "sweep-demo";
  summary["runs"] = rows.size();
  summary["points"] = points;
  return summary;
}

int demo(const DemoSettings& s, const sweep::SweepOptions& options) {
  sweep::Sweep demo_sweep;
  demo_sweep.name = "sweep-demo";
  demo_sweep.seed = s.seed;
  demo_sweep.repetitions = s.repetitions;
  demo_sweep.config = {{"widths", s.widths}, {"radii", s.radii}, {"repetitions", s.repetitions}, {"dim", s.dim},
                       {"n", s.n}, {"steps", s.steps}, {"lr", s.lr}, {"seed", s.seed}};
  for (double width : parse_number_list(s.widths, "--widths")) {
    if (width < 1) throw Error(fmt::format("--widths: width {} must be >= 1", width));
    for (double radius : parse_number_list(s.radii, "--radii"))
      demo_sweep.points.push_back({{"width", static_cast<int>(width)}, {"radius", radius}});
  }
  demo_sweep.run = [&s](const Json& point, int, std::uint64_t seed) { return demo_run(s, point, seed); };
  const std::vector<Json> rows = sweep::run_sweep(demo_sweep, options);
  if (!sweep::writes_outputs(options)) return kExitOk;
  const std::string summary_path = (std::filesystem::path(options.out) / "summary.json").string();
  write_file(summary_path, demo_summary(rows, s.repetitions).dump(2) + "\n");
  fmt::print("{} runs in {}/results.csv; summary in {}\n", rows.size(), options.out, summary_path);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The sweep runner's commands: merge shard folders, run the demo sweep.", "sweep"};
  app.require_subcommand(1);

  std::vector<std::string> shard_folders;
  std::string merge_out;
  CLI::App* merge = app.add_subcommand("merge", "join the folders of all shards of one sweep (--shard i/N runs)");
  merge->add_option("folders", shard_folders, "the shard folders")->required();
  merge->add_option("--out", merge_out, "the merged folder")->required();

  DemoSettings settings;
  sweep::SweepOptions options;
  CLI::App* demo_app = app.add_subcommand("demo", "a small real sweep (width × radius × repetitions of NTK training)");
  demo_app->add_option("--widths", settings.widths, "hidden widths")->capture_default_str();
  demo_app->add_option("--radii", settings.radii, "radii of the sphere the examples lie on")->capture_default_str();
  demo_app->add_option("--repetitions", settings.repetitions, "runs per point")->capture_default_str()->check(CLI::PositiveNumber);
  demo_app->add_option("--dim", settings.dim, "dimension of the examples")->capture_default_str()->check(CLI::PositiveNumber);
  demo_app->add_option("--n", settings.n, "examples")->capture_default_str()->check(CLI::PositiveNumber);
  demo_app->add_option("--steps", settings.steps, "GD steps per run")->capture_default_str()->check(CLI::NonNegativeNumber);
  demo_app->add_option("--lr", settings.lr, "GD learning rate")->capture_default_str();
  demo_app->add_option("--seed", settings.seed, "random seed")->capture_default_str();
  sweep::add_sweep_flags(*demo_app, options);

  return run_main(app, argc, argv, [&] {
    if (merge->parsed()) {
      const long rows = sweep::merge_shards(shard_folders, merge_out);
      fmt::print("merged {} runs of {} shards into {}; the sweep's command with --out {} and no --shard writes its "
                 "summary\n", rows, shard_folders.size(), merge_out, merge_out);
      return kExitOk;
    }
    return demo(settings, options);
  });
}
