// theory — calculators for the papers' closed forms (SPEC §1–4). This minimal dispatcher holds
// only the NTK subcommands (apps/theory_ntk_commands.hpp); the lead merges it with the others.
#include "apps/theory_ntk_commands.hpp"
#include "lib/cli.hpp"

using namespace memo;

int main(int argc, char** argv) {
  CLI::App app{"Theory calculators for the memorization papers (SPEC §1–4).", "theory"};
  app.require_subcommand(1);
  std::function<int()> action;
  add_ntk_commands(app, action);
  return run_main(app, argc, argv, [&] { return action(); });
}
