// iterate — iterate a saved network from points and say where each trajectory ends: training
// example i, a spurious fixed point (with the eigenvalue test: attractor or not), a cycle of
// period p (ρ of J_{f^p} by the chain product), diverged, or undecided — and after how many
// steps. With --corrupt, the starts are corrupted copies of the examples and
// it reports the recovery rate beside the 1-nearest-neighbour baseline (AM Fig. 2c, S9).
//
//   build/bin/iterate --weights final.npz --points P.npy --examples X.npy [--criterion am|ntk] [--json]
//   build/bin/iterate … --examples X.npy --corrupt gaussian:0.5 --copies 10 --seed 1
//   build/bin/iterate … --examples X.npy --random-starts gaussian:10000,2 --quiet   (AM's spurious search)
//
// Criteria: am  — converged when ‖f^{k+1}(x) − f^k(x)‖ < 1e-8, example i when ‖f^k(x) − x_i*‖ < 1e-7;
//           ntk — example i as soon as mean((f^k(x) − x_i)²) < 1e-2, at most 50 iterations.
// Under am, x_i* is the fixed point Newton finds next to example x_i (--match-to fixed-points, the
// default): a network trained to MSE 1e-8 has it 1e-5 to 1e-2 from x_i, so AM's 1e-7 cannot
// hold against x_i itself. --match-to examples applies AM's rule to x_i as printed.
#include <cmath>
#include <fmt/format.h>

#include "lib/dynamics/corruption.hpp"
#include "lib/dynamics/iteration.hpp"
#include "lib/cli/flag_checks.hpp"
#include "lib/cli/network_flags.hpp"
#include "lib/cli/parse.hpp"
#include "lib/dynamics/dynamical_map.hpp"
#include "lib/io/memory.hpp"
#include "lib/io/npy.hpp"
#include "lib/dynamics/recovery.hpp"

using namespace memo;

namespace {

// "uniform:N[,LO,HI]" or "gaussian:N[,STD]": N random starts of dimension d (AM's spurious
// search used 10,000 uniform and 10,000 Gaussian starts with variance 4).
Mat noise_starts(const std::string& text, int d, Rng& rng) {
  const auto colon = text.find(':');
  const std::string kind = text.substr(0, colon);
  const std::vector<double> v = colon == std::string::npos
                                    ? std::vector<double>{}
                                    : parse_number_list(text.substr(colon + 1), fmt::format("--random-starts '{}'", text));
  const bool uniform = kind == "uniform" && (v.size() == 1 || v.size() == 3);
  const bool gaussian = kind == "gaussian" && (v.size() == 1 || v.size() == 2);
  if ((!uniform && !gaussian) || v[0] < 1 || v[0] != std::floor(v[0]))
    throw Error(fmt::format("--random-starts '{}': expected uniform:N[,LO,HI] or gaussian:N[,STD] with N >= 1", text));
  if (uniform && v.size() == 3 && !(v[1] <= v[2]))
    throw Error(fmt::format("--random-starts '{}': LO {} is above HI {}", text, v[1], v[2]));
  if (gaussian && v.size() == 2 && v[1] < 0) throw Error(fmt::format("--random-starts '{}': STD must be >= 0", text));
  check_memory(8.0 * 4 * v[0] * d, fmt::format("--random-starts '{}'", text));
  const auto n = static_cast<Eigen::Index>(v[0]);
  if (uniform) return v.size() == 3 ? random_uniform(d, n, rng, v[1], v[2]) : random_uniform(d, n, rng, 0, 1);
  return random_normal(d, n, rng, v.size() == 2 ? v[1] : 1.0);
}

// Every limit "spurious" yet each within reach of an example usually means the match tolerance is
// below the network's training error, not that nothing was stored.
std::string near_miss_hint(const IterationResult& r, const IterationCriterion& criterion, bool to_fixed_points) {
  if (criterion.rule != IterationCriterion::Rule::am || r.count(LimitKind::training_example) > 0 || r.limits.empty())
    return "";
  double farthest = 0;
  for (const Limit& l : r.limits) {
    if (l.period != 1 || l.nearest_example < 0 || !(l.nearest_distance < 1e-2)) return "";
    farthest = std::max(farthest, l.nearest_distance);
  }
  return fmt::format("hint: no trajectory matched an example, but every limit lies within {:.3g} of one "
                     "(match tolerance {:g}){}",
                     farthest, criterion.match_tol,
                     to_fixed_points ? "; a larger --match-tol would count them"
                                     : "; --match-to fixed-points or a larger --match-tol would count them");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Iterate a saved network from points and classify where every trajectory ends.", "iterate"};
  NetworkFlags network;
  std::string points_path, examples_path, criterion_name = "am", corruption_text, random_starts, save_final;
  std::string match_to;
  int max_iterations = -1, max_period = -1, copies = 1, threads = 0;
  double step_tol = -1, match_tol = -1, match_mse = -1;
  unsigned long seed = 0;
  bool json = false, quiet = false, newton_polish = false;
  add_network_flags(app, network);
  app.add_option("--points", points_path, "starting points, .npy of shape (n, d)");
  app.add_option("--examples", examples_path, "training examples, .npy of shape (n, d): names the limits");
  app.add_option("--criterion", criterion_name, "am | ntk (see the header of apps/iterate.cpp)")
      ->capture_default_str();
  app.add_option("--max-iterations", max_iterations, "iteration limit (default am 10000, ntk 50)")
      ->check(whole_in(1, 1'000'000'000));
  app.add_option("--step-tol", step_tol, "fixed point when ‖f^{k+1}(x) − f^k(x)‖ < this (default 1e-8)")
      ->check(finite_above(0));
  app.add_option("--match-tol", match_tol, "am: example i when ‖f^k(x) − x_i*‖ < this (default 1e-7)")
      ->check(finite_above(0));
  app.add_option("--match-to", match_to,
                 "am: fixed-points (x_i* = the fixed point next to example x_i, default) | examples (x_i* = x_i)")
      ->check(CLI::IsMember({"fixed-points", "examples"}));
  app.add_option("--match-mse", match_mse, "ntk: example i when mean((f^k(x) − x_i)²) < this (default 1e-2)")
      ->check(finite_above(0));
  app.add_option("--max-period", max_period, "longest cycle detected (default 32)")->check(whole_in(1, 100'000));
  app.add_flag("--newton-polish", newton_polish,
               "polish each distinct fixed-point limit by Newton before matching it to the examples "
               "(the stopping rule leaves slowly contracting orbits ~1e-8/(1 − ρ) short of it; "
               "on by default with --match-to fixed-points)");
  app.add_option("--corrupt", corruption_text,
                 "start from corrupted copies of the examples: gaussian:STD | uniform:A | square:SIDE[,VALUE] | "
                 "pixels:FRACTION[,LO,HI]");
  app.add_option("--random-starts", random_starts,
                 "start from noise: uniform:N[,LO,HI] (default [0, 1]) or gaussian:N[,STD] (default 1)");
  app.add_option("--copies", copies, "corrupted copies per example")->check(whole_in(1, 1'000'000'000));
  app.add_option("--seed", seed, "random seed of the corruptions")->capture_default_str()->check(seed_check());
  app.add_option("--save-final", save_final, "write the last iterate of every trajectory (.npy, one per row)");
  app.add_option("--threads", threads, "threads (0: all cores)")->capture_default_str()->check(whole_in(0, 4096));
  app.add_flag("--json", json, "print the ends, the distinct limits and the counts as JSON");
  app.add_flag("--quiet", quiet, "only the summary, not one line per point");

  return run_main(app, argc, argv, [&] {
    set_threads(threads);
    if (!save_final.empty()) check_output_path(save_final, "--save-final");
    const Mlp net = load_network(network);
    const DynamicalMap f = mlp_map(net);
    IterationCriterion criterion = parse_criterion(criterion_name);
    if (max_iterations >= 0) criterion.max_iterations = max_iterations;
    if (step_tol >= 0) criterion.step_tol = step_tol;
    if (match_tol >= 0) criterion.match_tol = match_tol;
    if (match_mse >= 0) criterion.match_mse = match_mse;
    if (max_period >= 0) criterion.max_period = max_period;
    const bool to_fixed_points = criterion.rule == IterationCriterion::Rule::am && match_to != "examples";
    if (!match_to.empty() && criterion.rule != IterationCriterion::Rule::am)
      throw Error("--match-to applies to --criterion am only");
    criterion.newton_polish = newton_polish || to_fixed_points;

    const Mat examples = examples_path.empty() ? Mat(f.dim, 0) : read_examples(examples_path);
    if (examples.rows() != f.dim)
      throw Error(fmt::format("{} has examples of dimension {}, the network maps dimension {}", examples_path,
                              examples.rows(), f.dim));
    Mat starts;
    std::vector<int> source;
    if (!points_path.empty() + !corruption_text.empty() + !random_starts.empty() != 1)
      throw Error("give exactly one of --points, --corrupt and --random-starts");
    if (!random_starts.empty()) {
      Rng rng(seed);
      starts = noise_starts(random_starts, f.dim, rng);
    } else if (!corruption_text.empty()) {
      if (examples.cols() == 0) throw Error("--corrupt needs --examples to corrupt");
      check_memory(8.0 * 4 * copies * double(examples.cols()) * f.dim,
                   fmt::format("--copies {} of {} examples", copies, examples.cols()));
      Rng rng(seed);
      CorruptedSet set = corrupted_copies(examples, parse_corruption(corruption_text), copies, rng);
      starts = std::move(set.points);
      source = std::move(set.source);
    } else {
      starts = read_examples(points_path);
      if (starts.rows() != f.dim)
        throw Error(fmt::format("{} has points of dimension {}, the network maps dimension {}", points_path,
                                starts.rows(), f.dim));
    }

    // x_i*: the fixed point next to each example (x_i itself where Newton does not converge).
    Mat targets = examples;
    int refined = 0;
    double largest_shift = 0;
    if (to_fixed_points)
      for (Eigen::Index i = 0; i < examples.cols(); ++i) {
        try {
          targets.col(i) = newton_fixed_point(f, examples.col(i));
          largest_shift = std::max(largest_shift, (targets.col(i) - examples.col(i)).norm());
          ++refined;
        } catch (const Error&) {
        }
      }
    Recovery rec;
    if (!source.empty()) rec = recovery(f, targets, starts, source, criterion);
    else rec.iteration = iterate(f, starts, targets, criterion);
    const IterationResult& r = rec.iteration;
    if (!save_final.empty()) write_examples(save_final, r.final_points);
    const double rate = rec.rate();
    const double nn_rate = source.empty() ? 0.0 : nearest_neighbour_recovery_rate(examples, starts, source);
    Json counts = Json::object();
    for (auto kind : {LimitKind::training_example, LimitKind::spurious_fixed_point, LimitKind::cycle,
                      LimitKind::diverged, LimitKind::undecided})
      counts[limit_kind_name(kind)] = r.count(kind);

    if (json) {
      Json points = Json::array();
      for (size_t j = 0; j < r.ends.size(); ++j) {
        const TrajectoryEnd& e = r.ends[j];
        Json p = {{"end", limit_kind_name(e.kind)}, {"example", e.example}, {"limit", e.limit},
                  {"period", e.period}, {"steps", e.steps}};
        if (!source.empty()) p["source"] = source[j];
        points.push_back(p);
      }
      Json limits = Json::array();
      for (const Limit& l : r.limits)
        limits.push_back({{"period", l.period}, {"example", l.example}, {"starts", l.starts},
                          {"nearest_example", l.nearest_example},
                          {"nearest_distance", std::isfinite(l.nearest_distance) ? Json(l.nearest_distance) : Json()},
                          {"spectral_radius", std::isfinite(l.spectral_radius) ? Json(l.spectral_radius) : Json()},
                          {"attracting", l.attracting()}});
      Json doc = {{"criterion", criterion_name}, {"points", points}, {"limits", limits}, {"counts", counts},
                  {"match_to", to_fixed_points ? "fixed-points" : "examples"}};
      if (to_fixed_points) doc["fixed_points_found"] = refined, doc["largest_fixed_point_shift"] = largest_shift;
      if (!source.empty()) doc["recovery"] = {{"corruption", corruption_text}, {"rate", rate}, {"nearest_neighbour_rate", nn_rate}};
      print_json(doc);
      return kExitOk;
    }
    if (!quiet)
      for (size_t j = 0; j < r.ends.size(); ++j)
        fmt::print("{:>6}: {}{}\n", j, describe(r.ends[j], r),
                   source.empty() ? "" : fmt::format("  (copy of example {})", source[j]));
    fmt::print("{} trajectories: {} example, {} spurious fixed point, {} cycle, {} diverged, {} undecided\n",
               r.ends.size(), r.count(LimitKind::training_example), r.count(LimitKind::spurious_fixed_point),
               r.count(LimitKind::cycle), r.count(LimitKind::diverged), r.count(LimitKind::undecided));
    for (size_t l = 0; l < r.limits.size(); ++l) {
      const Limit& lim = r.limits[l];
      fmt::print("limit #{}: {} reached from {} starts, rho = {:.6g} ({}){}\n", l,
                 lim.period == 1 ? std::string("fixed point") : fmt::format("cycle of period {}", lim.period),
                 lim.starts, lim.spectral_radius, lim.attracting() ? "attracting" : "not attracting",
                 lim.nearest_example >= 0
                     ? fmt::format(", {:.3g} from example {}", lim.nearest_distance, lim.nearest_example)
                     : "");
    }
    if (!source.empty())
      fmt::print("recovery rate {:.4f} ({}), 1-nearest-neighbour {:.4f}\n", rate, corruption_text, nn_rate);
    if (to_fixed_points && examples.cols() > 0)
      fmt::print("matched to the fixed point next to each example ({} of {} found by Newton, at most {:.3g} from "
                 "its example)\n", refined, examples.cols(), largest_shift);
    if (const std::string hint = near_miss_hint(r, criterion, to_fixed_points); !hint.empty()) fmt::print("{}\n", hint);
    return kExitOk;
  });
}
