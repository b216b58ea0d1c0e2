// theory — a calculator for the closed forms of AM, MEM and NTK: each subcommand prints its numbers
// (--json for JSON) and exits 2 on bad input.
//
//   build/bin/theory rank1 --act sigmoid --k 2 --u0 1 --v0 1 --json
//   build/bin/theory deep-rank1 --act sigmoid --widths 3,4,2 --init 1,0.5,0.5,0.5
//   build/bin/theory minnorm --data X.npy [--init A0.npy] [--lr γ --steps t]
//   build/bin/theory phispan --act sigmoid --data X.npy
//   build/bin/theory ntk --act sigmoid --layers 2 --x x.npy --y y.npy --json
//   build/bin/theory ntk-predict --weights init.npz --data X.npy   (init.npz from train --save-init)
#include "apps/theory_core_commands.hpp"
#include "apps/theory_ntk_commands.hpp"
#include "lib/cli/cli.hpp"

using namespace memo;

int main(int argc, char** argv) {
  CLI::App app{"Closed forms of the memorization theory.", "theory"};
  app.require_subcommand(1);
  std::function<int()> action;
  add_core_commands(app, action);
  add_ntk_commands(app, action);
  return run_main(app, argc, argv, [&] { return action(); });
}
