// What an experiment hands back, and the one place its outputs are made from.
//
// An experiment is a function from a settings struct to an ExperimentResult: the measured
// values, the paper's and the theory's values, the comparisons with their tolerances, the rows
// of results.csv and what its figures need. Its app, its verify claim and its test all read the
// same result; write_outputs and finish_experiment turn it into results.csv, summary.json, the
// PNGs and the stdout table `quantity | paper | theory | measured | agrees?`.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lib/cli/cli.hpp"
#include "lib/io/csv.hpp"

namespace memo {

// One quantity checked against the paper and the theory: the paper's value as printed (may be
// text such as "< 1e-2"), the theory module's value, the measured value, and whether they
// agree within `tolerance`. Apps print a table of these; verify prints one per claim.
struct Comparison {
  std::string quantity;
  std::string paper;              // empty when the paper gives no number
  std::optional<double> theory;   // empty when there is no closed form
  double measured = 0;
  std::string tolerance;          // how agreement was judged, e.g. "|Δ| ≤ 1e-3"
  bool agrees = true;
};

// Agreement helpers: |measured − reference| ≤ tol, and lo ≤ measured ≤ hi.
Comparison compare_abs(std::string quantity, std::string paper, std::optional<double> theory,
                       double measured, double reference, double tol);
Comparison compare_range(std::string quantity, std::string paper, std::optional<double> theory,
                         double measured, double lo, double hi);
// |measured − reference| ≤ relative_tol · max(1, |reference|).
Comparison compare_relative(std::string quantity, std::string paper, std::optional<double> theory,
                            double measured, double reference, double relative_tol);

// A figure: a gnuplot script that reads the result's files and writes `png`. In the script,
// $OUT stands for the output folder (quoted paths: "set output '$OUT/basins.png'").
struct Figure {
  std::string png;      // file name inside the output folder
  std::string script;   // gnuplot commands, without `set terminal`
};

struct ExperimentResult {
  std::string app;
  Json settings = Json::object();
  std::vector<Comparison> comparisons;
  Json measured = Json::object();      // the experiment's own measured values (summary.json)
  std::vector<std::string> notes;      // substitutions (e.g. MNIST for ImageNet-64), caveats
  CsvTable rows;                       // results.csv
  std::vector<std::pair<std::string, std::string>> files;  // further data files: name, content
  std::vector<Figure> figures;
  double seconds = 0;

  bool all_agree() const;
  // The comparison whose quantity starts with `prefix` (Error when there is none).
  const Comparison& comparison(const std::string& prefix) const;
};

Json to_json(const ExperimentResult& result);

// Creates the output folder and fails (Error) when it cannot be written: before any work starts.
void prepare_output_folder(const std::string& out);

// Writes results.csv, the data files, summary.json and the figures into `out` (created when
// missing). Returns the PNGs that were made (gnuplot missing or failing adds a note instead).
std::vector<std::string> write_outputs(ExperimentResult& result, const std::string& out);

// An app's last step: write the outputs, print the table (or, with --json, summary.json), and
// return the exit status: 0 when it ran, 1 with --strict when a comparison disagrees.
int finish_experiment(ExperimentResult& result, const ExperimentFlags& flags);

// Runs gnuplot on `script` (which should `set output` itself) when gnuplot is installed.
// Returns false, and does nothing, when it is not.
bool run_gnuplot(const std::string& script);
bool gnuplot_available();

}  // namespace memo
