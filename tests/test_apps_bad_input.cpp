// Every tool against the classes of bad input: one line on stderr and exit 2, quickly, for
// empty data, NaN or out-of-range flags, unwritable outputs (before any work), sizes that
// cannot fit in memory, stalled solvers and overflowing kernels; and the self-describing
// model files, which make the architecture flags optional.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "lib/core/random.hpp"
#include "lib/io/model_io.hpp"
#include "lib/io/npy.hpp"
#include "tests/tool_runner.hpp"

using namespace memo;
using memo::testing::run_tool;

namespace {

std::string scratch(const std::string& name) {
  const std::string dir = std::string(MEMO_SOURCE_DIR) + "/build/test-output/bad-input";
  std::filesystem::create_directories(dir);
  return dir + "/" + name;
}

size_t lines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

// Runs the command, which must fail with one line "tool: …" containing `expected` and exit 2.
void check_bad_input(const std::string& command, const std::string& expected) {
  CAPTURE(command);
  const auto start = std::chrono::steady_clock::now();
  const auto o = run_tool(command);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CAPTURE(o.out);
  CHECK(o.status == 2);
  CHECK(lines(o.out) == 1);
  CHECK(o.out.find(expected) != std::string::npos);
  CHECK(o.out.size() < 400);  // no 300-digit bounds, no template signatures
  CHECK(seconds < 30);
}

}  // namespace

TEST_CASE("empty data is bad input in every tool that reads data") {
  for (const auto& [rows, cols] : {std::pair{0, 8}, {4, 0}, {0, 0}}) {
    NpyArray empty;
    empty.shape = {size_t(rows), size_t(cols)};
    write_npy(scratch("E.npy"), empty);
    const std::string E = scratch("E.npy");
    check_bad_input("theory minnorm --data " + E + " --out " + scratch("A.npy"), "is empty");
    check_bad_input("theory phispan --data " + E + " --out " + scratch("A.npy"), "is empty");
    check_bad_input("train --data " + E + " --widths 8,4,8", "is empty");
  }
}

TEST_CASE("flags: NaN, negative, out-of-range and oversized values are refused with short messages") {
  Rng rng(1);
  write_examples(scratch("X.npy"), random_uniform(4, 3, rng, 0, 1));
  const std::string X = " --data " + scratch("X.npy") + " --widths 4,8,4 --max-epochs 1";
  check_bad_input("train" + X + " --tol nan", "--tol");
  check_bad_input("train" + X + " --tol -1", "--tol");
  check_bad_input("train" + X + " --lr inf", "--lr");
  check_bad_input("train" + X + " --max-epochs -5", "--max-epochs");
  check_bad_input("train" + X + " --seed 18446744073709551616", "--seed");
  check_bad_input("train" + X + " --seed -1", "--seed");
  check_bad_input("train" + X + " --init normal:-1", "normal:-1");
  check_bad_input("train" + X + " --init uniform:nan", "uniform:nan");
  check_bad_input("train" + X + " --threads -2", "--threads");
  check_bad_input("theory rank1 --k 2 --residual-tol -1", "--residual-tol");
  check_bad_input("theory rank1 --k 0", "--k");
  check_bad_input("theory rank1 --u0 nan", "--u0");
  check_bad_input("theory deep-rank1 --widths 3 --init 1,nan", "nan");
  check_bad_input("dataset box --n 0 --dim 4 --out " + scratch("B.npy"), "--n");
  check_bad_input("dataset grid --lo 3 --hi 1 --out " + scratch("G.npy"), "--lo 3");
  check_bad_input("dataset sphere --dim 4 --n 3 --radius -1 --out " + scratch("S.npy"), "--radius");
}

TEST_CASE("outputs are checked before the work starts") {
  Rng rng(2);
  write_examples(scratch("X.npy"), random_uniform(4, 3, rng, 0, 1));
  write_file(scratch("plain"), "a file, not a folder");
  const std::string unwritable = scratch("plain") + "/w.npz";
  // 10^9 epochs at tol 0 would run for hours: a quick exit 2 shows no training happened
  const std::string train = "train --data " + scratch("X.npy") + " --widths 4,8,4 --tol 0 --max-epochs 1000000000";
  check_bad_input(train + " --save " + unwritable, "--save");
  check_bad_input(train + " --save-init " + unwritable, "--save-init");
  check_bad_input(train + " --log " + unwritable, "--log");
  check_bad_input(train + " --save " + scratch(""), "is a directory");
  CHECK_FALSE(std::filesystem::exists(scratch("") + ".partial"));
  check_bad_input("theory minnorm --data " + scratch("X.npy") + " --out " + unwritable, "--out");
  check_bad_input("dataset box --n 3 --dim 4 --out " + scratch(""), "is a directory");
}

TEST_CASE("files that are not what they claim: /dev/zero, a directory, huge declared sizes") {
  check_bad_input("train --data /dev/zero --widths 4,4", "not a .npy file");
  check_bad_input("theory minnorm --data " + scratch(""), "is a directory");
  check_bad_input("jacobian --weights /dev/zero --points /dev/zero", "not a regular file");
}

TEST_CASE("sizes beyond memory: one 'needs N GB, M GB available' line") {
  Rng rng(3);
  write_examples(scratch("X8.npy"), random_uniform(8, 3, rng, 0, 1));
  check_bad_input("train --data " + scratch("X8.npy") + " --widths 8,100000,100000,8", "GB available");
  Mlp net = make_mlp({8, 4, 8}, parse_activation("sigmoid"), Parametrization::standard, true, rng);
  save_mlp(scratch("w8.npz"), net);
  check_bad_input("iterate --weights " + scratch("w8.npz") + " --examples " + scratch("X8.npy") +
                      " --corrupt gaussian:0.1 --copies 1000000000",
                  "GB available");
  check_bad_input("iterate --weights " + scratch("w8.npz") + " --random-starts uniform:1e15", "GB available");
  check_bad_input("iterate --weights " + scratch("w8.npz") + " --random-starts uniform:5,nan,1", "nan");
  check_bad_input("iterate --weights " + scratch("w8.npz") + " --random-starts uniform:5,1,0", "above HI");
  check_bad_input("dataset grid --dim 20 --per-axis 100 --out " + scratch("G.npy"), "GB available");
}

TEST_CASE("NaN initial weights and NaN in a model file are bad input (exit 2), not divergence") {
  Rng rng(4);
  write_examples(scratch("X.npy"), random_uniform(4, 3, rng, 0, 1));
  Mlp net = make_mlp({4, 8, 4}, parse_activation("sigmoid"), Parametrization::standard, true, rng);
  net.layers[0].weight.value(0, 0) = std::nan("");
  save_mlp(scratch("nan.npz"), net);
  check_bad_input("train --data " + scratch("X.npy") + " --widths 4,8,4 --init " + scratch("nan.npz"), "NaN");
  check_bad_input("jacobian --weights " + scratch("nan.npz") + " --points " + scratch("X.npy"), "NaN");
}

TEST_CASE("solvers: a stalled rank-one flow stops within seconds; kernels that overflow say so") {
  // The residual floor of --ode-tol 1e-12 (where |r| stalls with --residual-tol 1e-14) grows
  // with k: about 2e-11 at k = 100, 4e-10 at k = 1500, 2e-9 at k = 10,000. Against the default
  // --residual-tol 1e-10, k = 10,000 stalls and k = 100 converges, each with a margin; between
  // them (k = 1500, 2000) |r| wanders about the tolerance and the last bits of σ decide.
  check_bad_input("theory rank1 --act sigmoid --k 10000 --u0 1 --v0 1", "stalled");
  const auto ok = run_tool("theory rank1 --act sigmoid --k 100 --u0 1 --v0 1 --json");
  REQUIRE(ok.status == 0);
  const double v = nlohmann::json::parse(ok.out)["v"].get<double>();
  CHECK(std::abs(100 * (1 / (1 + std::exp(-v))) * nlohmann::json::parse(ok.out)["u"].get<double>() - 1) < 1e-9);
  NpyArray x;
  x.shape = {4};
  x.data = {30, 30, 30, 30};  // ‖x‖ = 60
  write_npy(scratch("x60.npy"), x);
  check_bad_input("theory ntk --act exp2 --x " + scratch("x60.npy") + " --y " + scratch("x60.npy"), "overflows");
  x.data = {500, 500, 500, 500};  // ‖x‖ = 1000
  write_npy(scratch("x1000.npy"), x);
  check_bad_input("theory ntk --act sigmoid --x " + scratch("x1000.npy") + " --y " + scratch("x1000.npy"), "--nodes");
}

TEST_CASE("model files describe themselves: jacobian needs no architecture flags on a file train wrote") {
  Rng rng(5);
  write_examples(scratch("D.npy"), random_uniform(3, 2, rng, 0.2, 0.8));
  const auto trained = run_tool("train --data " + scratch("D.npy") +
                                " --widths 3,16,3 --act tanh --param ntk --lr 0.5 --max-epochs 50 --quiet --save " +
                                scratch("final.npz"));
  REQUIRE(trained.status == 0);
  const auto bare = run_tool("jacobian --weights " + scratch("final.npz") + " --points " + scratch("D.npy") + " --json");
  const auto flagged = run_tool("jacobian --weights " + scratch("final.npz") + " --widths 3,16,3 --act tanh --param ntk "
                                "--bias 0 --points " + scratch("D.npy") + " --json");
  REQUIRE(bare.status == 0);
  REQUIRE(flagged.status == 0);
  CHECK(bare.out == flagged.out);
  // ntk parametrisation: no bias; 16 hidden units
  const NpzEntries entries = read_npz(scratch("final.npz"));
  CHECK(entries.size() == 3);  // W0, W1, architecture
  check_bad_input("jacobian --weights " + scratch("final.npz") + " --bias 1 --points " + scratch("D.npy"),
                  "--bias 1 contradicts");
  check_bad_input("jacobian --weights " + scratch("final.npz") + " --act sigmoid --points " + scratch("D.npy"),
                  "--act sigmoid contradicts");
  check_bad_input("jacobian --weights " + scratch("final.npz") + " --widths 3,8,3 --points " + scratch("D.npy"),
                  "--widths 3,8,3 contradicts");
  // without the record (as NumPy or PyTorch would write it) the flags are needed and used
  NpzEntries plain(entries.begin(), entries.end() - 1);
  write_npz(scratch("plain.npz"), plain);
  check_bad_input("jacobian --weights " + scratch("plain.npz") + " --points " + scratch("D.npy"), "give --widths");
  const auto with_flags = run_tool("jacobian --weights " + scratch("plain.npz") +
                                   " --widths 3,16,3 --act tanh --param ntk --points " + scratch("D.npy") + " --json");
  REQUIRE(with_flags.status == 0);
  CHECK(with_flags.out == bare.out);
}

TEST_CASE("iterate: limits are matched to the fixed point next to each example by default") {
  // f(x) = ½x + ½(x0 + δ): the fixed point x0 + δ sits ‖δ‖ = 4e-5 from the example x0, like a
  // network trained to MSE 1e-8, and attracts with ρ = ½.
  const int d = 3;
  Rng rng(6);
  Mlp net = make_mlp({d, d, d}, parse_activation("linear"), Parametrization::standard, true, rng);
  Vec x0(d), delta(d);
  x0 << 0.2, 0.5, 0.7;
  delta << 4e-5, 0, 0;
  net.layers[0].weight.value = Mat::Identity(d, d);
  net.layers[0].bias.value.setZero();
  net.layers[1].weight.value = 0.5 * Mat::Identity(d, d);
  net.layers[1].bias.value = 0.5 * (x0 + delta);
  save_mlp(scratch("half.npz"), net);
  write_examples(scratch("x0.npy"), x0);
  Mat starts(d, 2);
  starts.col(0) = x0 + Vec::Constant(d, 0.1);
  starts.col(1) = x0 - Vec::Constant(d, 0.2);
  write_examples(scratch("starts.npy"), starts);
  const std::string run = "iterate --weights " + scratch("half.npz") + " --examples " + scratch("x0.npy") +
                          " --points " + scratch("starts.npy") + " --quiet";
  const auto fixed = run_tool(run);
  REQUIRE(fixed.status == 0);
  CHECK(fixed.out.find("2 trajectories: 2 example, 0 spurious") != std::string::npos);
  CHECK(fixed.out.find("4e-05 from its example") != std::string::npos);
  const auto papers = run_tool(run + " --match-to examples");
  REQUIRE(papers.status == 0);
  CHECK(papers.out.find("2 trajectories: 0 example, 2 spurious") != std::string::npos);
  CHECK(papers.out.find("hint: no trajectory matched an example, but every limit lies within 4e-05") !=
        std::string::npos);
}
