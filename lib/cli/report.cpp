#include "lib/cli/report.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>

#include "lib/cli/subprocess.hpp"
#include "lib/io/npy.hpp"

namespace memo {

Comparison compare_abs(std::string quantity, std::string paper, std::optional<double> theory,
                       double measured, double reference, double tol) {
  return {std::move(quantity), std::move(paper), theory, measured, fmt::format("|Δ| ≤ {:g}", tol),
          std::isfinite(measured) && std::abs(measured - reference) <= tol};
}

Comparison compare_range(std::string quantity, std::string paper, std::optional<double> theory,
                         double measured, double lo, double hi) {
  return {std::move(quantity), std::move(paper), theory, measured, fmt::format("in [{:g}, {:g}]", lo, hi),
          std::isfinite(measured) && lo <= measured && measured <= hi};
}

Comparison compare_relative(std::string quantity, std::string paper, std::optional<double> theory,
                            double measured, double reference, double relative_tol) {
  return compare_abs(std::move(quantity), std::move(paper), theory, measured, reference,
                     relative_tol * std::max(1.0, std::abs(reference)));
}

bool ExperimentResult::all_agree() const {
  for (const auto& c : comparisons)
    if (!c.agrees) return false;
  return true;
}

const Comparison& ExperimentResult::comparison(const std::string& prefix) const {
  for (const auto& c : comparisons)
    if (c.quantity.rfind(prefix, 0) == 0) return c;
  throw Error(fmt::format("{}: no comparison '{}'", app, prefix));
}

Json to_json(const ExperimentResult& result) {
  Json comparisons = Json::array();
  for (const auto& c : result.comparisons)
    comparisons.push_back({{"quantity", c.quantity},
                           {"paper", c.paper},
                           {"theory", c.theory ? Json(*c.theory) : Json(nullptr)},
                           {"measured", std::isfinite(c.measured) ? Json(c.measured) : Json(nullptr)},
                           {"tolerance", c.tolerance},
                           {"agrees", c.agrees}});
  return {{"app", result.app},          {"settings", result.settings}, {"comparisons", comparisons},
          {"measured", result.measured}, {"notes", result.notes},      {"all_agree", result.all_agree()},
          {"seconds", result.seconds}};
}

namespace {

// Characters as a terminal shows them: UTF-8 continuation bytes take no column.
size_t text_width(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string substitute_out(const std::string& script, const std::string& out) {
  std::string text;
  for (size_t p = 0; p < script.size();) {
    const size_t q = script.find("$OUT", p);
    text += script.substr(p, q - p);
    if (q == std::string::npos) break;
    text += out;
    p = q + 4;
  }
  return text;
}

}  // namespace

void prepare_output_folder(const std::string& out) { check_output_path(out + "/summary.json", "--out"); }

std::vector<std::string> write_outputs(ExperimentResult& result, const std::string& out) {
  std::filesystem::create_directories(out);
  if (result.rows.columns() > 0) result.rows.write(out + "/results.csv");
  for (const auto& [name, content] : result.files) write_file(out + "/" + name, content);
  std::vector<std::string> made;
  if (!result.figures.empty() && !gnuplot_available()) result.notes.push_back("gnuplot not found: no figures");
  else
    for (const Figure& figure : result.figures) {
      const std::string script = "set terminal pngcairo size 900,600 noenhanced\nset output '" + out + "/" +
                                 figure.png + "'\n" + substitute_out(figure.script, out) + "\n";
      if (run_gnuplot(script)) made.push_back(figure.png);
      else result.notes.push_back("gnuplot failed on " + figure.png);
    }
  write_file(out + "/summary.json", to_json(result).dump(2) + "\n");
  return made;
}

int finish_experiment(ExperimentResult& result, const ExperimentFlags& flags) {
  write_outputs(result, flags.out);
  if (flags.json) {
    print_json(to_json(result));
  } else {
    for (const auto& note : result.notes) fmt::print("note: {}\n", note);
    size_t width = 44;  // the quantity column fits its longest entry
    for (const auto& c : result.comparisons) width = std::max(width, text_width(c.quantity));
    fmt::print("{:<{}} | {:>12} | {:>12} | {:>12} | {}\n", "quantity", width, "paper", "theory", "measured", "agrees?");
    fmt::print("{:-<{}}-+-{:->12}-+-{:->12}-+-{:->12}-+-{:-<20}\n", "", width, "", "", "", "");
    for (const auto& c : result.comparisons)
      fmt::print("{}{} | {:>12} | {:>12} | {:>12.6g} | {} ({})\n", c.quantity,
                 std::string(width - text_width(c.quantity), ' '), c.paper.empty() ? "-" : c.paper,
                 c.theory ? fmt::format("{:.6g}", *c.theory) : "-", c.measured, c.agrees ? "yes" : "NO", c.tolerance);
    fmt::print("results in {}/ ({:.1f} s)\n", flags.out, result.seconds);
  }
  return flags.strict && !result.all_agree() ? kExitDisagrees : kExitOk;
}

bool gnuplot_available() { return program_available("gnuplot"); }

bool run_gnuplot(const std::string& script) {
  if (!gnuplot_available()) return false;
  return run_command_with_input("gnuplot 2>/dev/null", script) == 0;
}

}  // namespace memo
