// What every experiment app prints and writes: a table
// `quantity | paper | theory | measured | agrees?` on stdout, summary.json and results.csv in
// the output folder, and figures through gnuplot when it is installed.
#pragma once
#include <optional>
#include <string>
#include <vector>
#include "lib/cli/cli.hpp"

namespace memo {

// One claim checked by an app: the paper's value (as printed, may be text such as "< 1e-2"),
// the theory module's value, the measured value, and whether they agree within `tolerance`.
struct Comparison {
  std::string quantity;
  std::string paper;              // empty when the paper gives no number
  std::optional<double> theory;   // empty when there is no closed form
  double measured = 0;
  std::string tolerance;          // how agreement was judged, e.g. "|Δ| < 1e-3"
  bool agrees = true;
};

// Agreement helpers: |measured − reference| ≤ tol, and lo ≤ measured ≤ hi.
Comparison compare_abs(std::string quantity, std::string paper, std::optional<double> theory,
                       double measured, double reference, double tol);
Comparison compare_range(std::string quantity, std::string paper, std::optional<double> theory,
                         double measured, double lo, double hi);

struct Report {
  std::string app;
  Json settings = Json::object();
  std::vector<Comparison> comparisons;
  Json extra = Json::object();  // app-specific measured values
  double seconds = 0;
  std::vector<std::string> notes;  // substitutions (e.g. MNIST for ImageNet-64), caveats
  bool all_agree() const;
};

// Prints the table (or, with json, the summary document) and writes <out>/summary.json.
// Returns kExitOk when every comparison agrees, kExitDisagrees otherwise.
int finish_report(const Report& report, const ExperimentFlags& flags);
Json to_json(const Report& report);

// Runs gnuplot on `script` (which should `set output` itself) when gnuplot is installed.
// Returns false, and does nothing, when it is not.
bool run_gnuplot(const std::string& script);
bool gnuplot_available();

}  // namespace memo
