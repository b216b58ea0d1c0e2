// verify — the project's main job (`make run`): every claim of the three papers checked at
// quick sizes against a trained network, one line per claim as it goes, then out/report.md
// and out/report.json. Exit 0 when every claim agrees or is a known gap to the paper (a claim
// marked not_reproduced, with its reason), 1 otherwise.
#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <thread>

#include "apps/verify_am.hpp"
#include "apps/verify_am_b.hpp"
#include "apps/verify_claim.hpp"
#include "apps/verify_conv.hpp"
#include "apps/verify_dynamics.hpp"
#include "apps/verify_mem.hpp"
#include "apps/verify_mem_fc.hpp"
#include "apps/verify_ntk.hpp"
#include "apps/verify_ntk_single.hpp"
#include "lib/cli/cli.hpp"
#include "lib/compute/gemm.hpp"
#include "lib/io/npy.hpp"

using namespace memo;
using namespace memo::verify;

namespace {

std::vector<Claim> all_claims() {
  std::vector<Claim> claims;
  add_am_claims(claims);
  add_mem_claims(claims);
  add_ntk_claims(claims);
  add_conv_claims(claims);
  add_dynamics_claims(claims);
  add_mem_fc_claims(claims);
  add_ntk_single_claims(claims);
  add_am_b_claims(claims);
  return claims;
}

struct Outcome {
  const Claim* claim;
  ClaimResult result;
  double seconds;
  std::string error;  // a claim that throws is reported as disagreeing, with the message
};

// A table cell: '|' would end the cell early in Markdown.
std::string cell(std::string text) {
  for (size_t p = 0; (p = text.find('|', p)) != std::string::npos; p += 2) text.replace(p, 1, "\\|");
  return text;
}

// agrees, not reproduced (a known gap to the paper, with its reason), or disagrees.
enum class Verdict { agrees, not_reproduced, disagrees };

Verdict verdict(const Outcome& o) {
  if (o.result.comparison.agrees) return Verdict::agrees;
  if (o.error.empty() && !o.claim->not_reproduced.empty()) return Verdict::not_reproduced;
  return Verdict::disagrees;
}

std::string verdict_text(const Outcome& o) {
  switch (verdict(o)) {
    case Verdict::agrees: return "agrees";
    case Verdict::not_reproduced: return "not reproduced";
    case Verdict::disagrees: break;
  }
  return "DISAGREES";
}

long count(const std::vector<Outcome>& outcomes, Verdict v) {
  return std::count_if(outcomes.begin(), outcomes.end(), [&](const Outcome& o) { return verdict(o) == v; });
}

std::string number(const std::optional<double>& v) { return v ? fmt::format("{:.6g}", *v) : "-"; }

std::string machine_description() {
  std::string cpu = "unknown CPU";
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  return fmt::format("{}, {} cores; g++ {}; Eigen {}.{}.{}; products: {}", cpu, std::thread::hardware_concurrency(),
                     __VERSION__, EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION,
                     gemm_kernel_description());
}

void write_reports(const std::vector<Outcome>& outcomes, const std::string& out, double seconds) {
  std::string md = "# memo verification report\n\n";
  md += fmt::format("{} claims: {} agree, {} not reproduced (known gaps to the paper, each with its reason below), "
                    "{} disagree; {:.1f} s. Machine: {}.\n\n", outcomes.size(), count(outcomes, Verdict::agrees),
                    count(outcomes, Verdict::not_reproduced), count(outcomes, Verdict::disagrees), seconds,
                    machine_description());
  md += "| id | source | claim | paper | theory | measured | tolerance | verdict | s |\n";
  md += "|---|---|---|---|---|---|---|---|---|\n";
  Json claims = Json::array();
  for (const Outcome& o : outcomes) {
    const Claim& c = *o.claim;
    md += fmt::format("| {} | {} | {} | {} | {} | {:.6g} | {} | {} | {:.1f} |\n", c.id, c.source,
                      cell(c.statement), cell(c.paper_value), number(o.result.comparison.theory), o.result.comparison.measured,
                      cell(o.result.comparison.tolerance),
                      verdict(o) == Verdict::disagrees ? "**DISAGREES**" : verdict_text(o), o.seconds);
    claims.push_back({{"id", c.id}, {"source", c.source}, {"statement", c.statement},
                      {"paper", c.paper_value}, {"theory", o.result.comparison.theory ? Json(*o.result.comparison.theory) : Json(nullptr)},
                      {"measured", o.result.comparison.measured}, {"tolerance", o.result.comparison.tolerance},
                      {"agrees", o.result.comparison.agrees}, {"verdict", verdict_text(o)},
                      {"not_reproduced", c.not_reproduced}, {"seconds", o.seconds}, {"detail", o.result.detail},
                      {"error", o.error}, {"figures", o.result.figures}, {"paper_scale", c.paper_scale}});
  }
  md += "\n## Details and paper-scale commands\n\n";
  for (const Outcome& o : outcomes) {
    md += fmt::format("### {} — {}\n\n{}\n\n", o.claim->id, o.claim->source,
                      o.error.empty() ? o.result.detail : "error: " + o.error);
    if (verdict(o) == Verdict::not_reproduced) md += fmt::format("Not reproduced: {}\n\n", o.claim->not_reproduced);
    for (const auto& figure : o.result.figures) md += fmt::format("![{}]({})\n\n", o.claim->id, figure);
    if (!o.claim->paper_scale.empty()) md += fmt::format("Paper scale: `{}`\n\n", o.claim->paper_scale);
  }
  write_file(out + "/report.md", md);
  write_file(out + "/report.json",
             Json{{"machine", machine_description()}, {"seconds", seconds}, {"claims", claims}}.dump(2) + "\n");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Check every claim of AM, MEM and NTK against trained networks (make run).", "verify"};
  std::string only, out = "out";
  bool list = false, json = false;
  unsigned long seed = 0;
  int threads = 0;
  app.add_option("--only", only, "comma-separated claim ids to run");
  app.add_flag("--list", list, "list the claims and exit");
  app.add_option("--out", out, "folder for report.md, report.json and figures/")->capture_default_str();
  app.add_option("--seed", seed, "random seed")->capture_default_str();
  app.add_option("--threads", threads, "threads (0: all cores)")->capture_default_str();
  app.add_flag("--json", json, "print report.json on stdout instead of the table");

  return run_main(app, argc, argv, [&] {
    set_threads(threads);
    const std::vector<Claim> claims = all_claims();
    if (list) {
      for (const Claim& c : claims) fmt::print("{:<22} {:<16} {}\n", c.id, c.source, c.statement);
      return kExitOk;
    }
    std::vector<const Claim*> selected;
    if (only.empty()) {
      for (const Claim& c : claims) selected.push_back(&c);
    } else {
      std::stringstream ids(only);
      for (std::string id; std::getline(ids, id, ',');) {
        auto it = std::find_if(claims.begin(), claims.end(), [&](const Claim& c) { return c.id == id; });
        if (it == claims.end()) throw Error(fmt::format("--only: unknown claim '{}' (see --list)", id));
        selected.push_back(&*it);
      }
    }
    std::filesystem::create_directories(out + "/figures");
    const auto start = std::chrono::steady_clock::now();
    if (!json)
      fmt::print("{:<22} {:<16} {:>12} {:>12} {:>12}  {:<14} {:>6}\n", "claim", "source", "paper", "theory",
                 "measured", "verdict", "s");
    std::vector<Outcome> outcomes;
    for (const Claim* claim : selected) {
      const auto t0 = std::chrono::steady_clock::now();
      Outcome o{claim, {}, 0, {}};
      try {
        o.result = claim->run(ClaimContext{out, seed});
      } catch (const std::exception& e) {
        o.error = e.what();
        o.result.comparison.agrees = false;
        o.result.detail = e.what();
      }
      o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (!json)
        fmt::print("{:<22} {:<16} {:>12} {:>12} {:>12.6g}  {:<14} {:>6.1f}\n", claim->id, claim->source,
                   claim->paper_value, number(o.result.comparison.theory), o.result.comparison.measured,
                   verdict_text(o), o.seconds);
      std::fflush(stdout);
      outcomes.push_back(std::move(o));
      // rewritten after every claim, so an interrupted run keeps what it finished
      write_reports(outcomes, out, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (json) fmt::print("{}\n", read_file(out + "/report.json"));
    else
      fmt::print("{} of {} claims agree, {} not reproduced (known, reasons in the report), {} disagree ({:.1f} s); "
                 "report in {}/report.md\n", count(outcomes, Verdict::agrees), outcomes.size(),
                 count(outcomes, Verdict::not_reproduced), count(outcomes, Verdict::disagrees), seconds, out);
    return count(outcomes, Verdict::disagrees) == 0 ? kExitOk : kExitDisagrees;
  });
}
