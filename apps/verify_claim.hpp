// A claim checked by `verify` (issue "make run"): what the paper says, what the theory module
// computes, what a trained network shows, and whether they agree.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "lib/io/npy.hpp"
#include "lib/cli/report.hpp"

namespace memo::verify {

struct ClaimContext {
  std::string out_dir;      // figures go to <out_dir>/figures/
  unsigned long seed = 0;
};

struct ClaimResult {
  std::optional<double> theory;  // the theory module's value (none when there is no closed form)
  double measured = 0;           // measured on a trained network (or the second algorithm)
  std::string tolerance;         // how agreement was judged
  bool agrees = false;
  std::string detail;            // one short sentence: what was trained / compared
  std::vector<std::string> figures;  // PNG paths relative to out_dir
};

struct Claim {
  std::string id;          // short, stable: am-thm1, mem-minnorm, …
  std::string source;      // paper and theorem/figure: "AM Thm 1–2"
  std::string spec;        // SPEC section: "§1"
  std::string statement;   // the claim in a few words
  std::string paper_value; // as printed in the paper ("0.263", "rank n", "≈ ½")
  std::string paper_scale; // the command that re-runs it at paper scale
  std::function<ClaimResult(const ClaimContext&)> run;
};

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
