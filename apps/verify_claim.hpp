// A claim checked by `verify` (`make run`): what the paper says, what the theory module
// computes, what a trained network shows, and whether they agree — one Comparison, the same
// type the experiment apps print, plus a sentence on what was trained.
#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "lib/cli/report.hpp"
#include "lib/io/npy.hpp"

namespace memo::verify {

struct ClaimContext {
  std::string out_dir;      // figures go to <out_dir>/figures/, experiment outputs to <out_dir>/<app>/
  unsigned long seed = 0;
};

struct ClaimResult {
  Comparison comparison;             // the headline: theory, measured, tolerance, verdict
  std::string detail;                // one short sentence: what was trained / compared
  std::vector<std::string> figures;  // PNG paths relative to out_dir
};

struct Claim {
  std::string id;          // short, stable: am-thm1, mem-minnorm, …
  std::string source;      // paper and theorem/figure: "AM Thm 1–2"
  std::string statement;   // the claim in a few words
  std::string paper_value; // as printed in the paper ("0.263", "rank n", "≈ ½")
  std::string paper_scale; // the command that re-runs it at paper scale
  std::function<ClaimResult(const ClaimContext&)> run;
  // Non-empty for a result of the paper that memo does not reproduce at verify's size, with the
  // reason found: its disagreement is reported ("not reproduced") but does not fail `make run`.
  // A claim that throws always fails.
  std::string not_reproduced = {};
};

// A claim read off an experiment's result: the comparison named `headline` is the headline,
// the claim agrees when every comparison of the experiment agrees, and the experiment's
// outputs (with its figures) go to <out_dir>/<app>/.
inline ClaimResult claim_from_experiment(const ClaimContext& ctx, ExperimentResult result, const std::string& app,
                                         const std::string& headline, const std::string& detail) {
  ClaimResult r;
  r.comparison = result.comparison(headline);
  r.comparison.agrees = result.all_agree();
  if (result.comparisons.size() > 1) r.comparison.tolerance = "every comparison of " + app + " agrees";
  std::string parts;
  for (const Comparison& c : result.comparisons)
    parts += fmt::format("{}: {:g} ({}); ", c.quantity, c.measured, c.agrees ? "agrees" : "disagrees");
  result.app = app;
  for (const std::string& png : write_outputs(result, ctx.out_dir + "/" + app)) r.figures.push_back(app + "/" + png);
  r.detail = detail + " " + parts + "details in " + app + "/summary.json.";
  return r;
}

// Writes `data` (whitespace-separated columns) to figures/<name>.dat and runs gnuplot with
// `commands` (which read the file as '$DATA') into figures/<name>.png. Returns the PNG's path
// relative to the output folder, or nothing when gnuplot is not installed.
inline std::optional<std::string> plot(const ClaimContext& ctx, const std::string& name, const std::string& data,
                                       const std::string& commands) {
  const std::string dat = ctx.out_dir + "/figures/" + name + ".dat";
  const std::string png = "figures/" + name + ".png";
  write_file(dat, data);
  std::string script = "set terminal pngcairo size 640,400 noenhanced\nset output '" + ctx.out_dir + "/" + png + "'\n";
  for (size_t p = 0; p < commands.size();) {  // substitute the data file's path for $DATA
    const size_t q = commands.find("$DATA", p);
    script += commands.substr(p, q - p);
    if (q == std::string::npos) break;
    script += "'" + dat + "'";
    p = q + 5;
  }
  if (!run_gnuplot(script + "\n")) return std::nullopt;
  return png;
}

}  // namespace memo::verify
