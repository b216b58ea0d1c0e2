#include "lib/cli/report.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>

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

bool Report::all_agree() const {
  for (const auto& c : comparisons)
    if (!c.agrees) return false;
  return true;
}

Json to_json(const Report& report) {
  Json comparisons = Json::array();
  for (const auto& c : report.comparisons)
    comparisons.push_back({{"quantity", c.quantity},
                           {"paper", c.paper},
                           {"theory", c.theory ? Json(*c.theory) : Json(nullptr)},
                           {"measured", std::isfinite(c.measured) ? Json(c.measured) : Json(nullptr)},
                           {"tolerance", c.tolerance},
                           {"agrees", c.agrees}});
  return {{"app", report.app},         {"settings", report.settings}, {"comparisons", comparisons},
          {"measured", report.extra},  {"notes", report.notes},       {"all_agree", report.all_agree()},
          {"seconds", report.seconds}};
}

int finish_report(const Report& report, const ExperimentFlags& flags) {
  const Json doc = to_json(report);
  write_file(flags.out + "/summary.json", doc.dump(2) + "\n");
  if (flags.json) {
    print_json(doc);
  } else {
    for (const auto& note : report.notes) fmt::print("note: {}\n", note);
    fmt::print("{:<44} | {:>12} | {:>12} | {:>12} | {}\n", "quantity", "paper", "theory", "measured", "agrees?");
    fmt::print("{:-<44}-+-{:->12}-+-{:->12}-+-{:->12}-+-{:-<20}\n", "", "", "", "", "");
    for (const auto& c : report.comparisons)
      fmt::print("{:<44} | {:>12} | {:>12} | {:>12.6g} | {} ({})\n", c.quantity, c.paper.empty() ? "-" : c.paper,
                 c.theory ? fmt::format("{:.6g}", *c.theory) : "-", c.measured, c.agrees ? "yes" : "NO",
                 c.tolerance);
    fmt::print("results in {}/ ({:.1f} s)\n", flags.out, report.seconds);
  }
  return report.all_agree() ? kExitOk : kExitDisagrees;
}

bool gnuplot_available() { return std::system("command -v gnuplot >/dev/null 2>&1") == 0; }

bool run_gnuplot(const std::string& script) {
  if (!gnuplot_available()) return false;
  FILE* pipe = popen("gnuplot 2>/dev/null", "w");
  if (!pipe) return false;
  std::fputs(script.c_str(), pipe);
  return pclose(pipe) == 0;
}

}  // namespace memo
