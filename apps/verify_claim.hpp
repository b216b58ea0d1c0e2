// A claim checked by `verify` (issue "make run"): what the paper says, what the theory module
// computes, what a trained network shows, and whether they agree.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

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

}  // namespace memo::verify
