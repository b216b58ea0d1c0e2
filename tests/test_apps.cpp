// The command-line tools as a user runs them: exit codes, one-line errors, JSON output.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "lib/io/npy.hpp"
#include "lib/core/random.hpp"
#include "lib/nn/mlp.hpp"
#include "lib/nn/train.hpp"
#include "tests/scratch.hpp"
#include "tests/tool_runner.hpp"

using namespace memo;
using memo::testing::run_tool;

namespace {

std::string temp(const std::string& name) {
  const auto dir = memo::testing::scratch_root();
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

size_t lines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

}  // namespace

TEST_CASE("train: trains, saves PyTorch-shaped weights, prints JSON") {
  Rng rng(1);
  write_examples(temp("data.npy"), random_normal(4, 3, rng) * 0.5);  // (n, d) = (3, 4)
  const auto o = run_tool("train --data " + temp("data.npy") +
                        " --widths 4,64,4 --act tanh --opt adam --lr 1e-3 --tol 1e-8 --max-epochs 20000"
                        " --save " + temp("final.npz") + " --save-init " + temp("init.npz") +
                        " --log " + temp("loss.csv") + " --json");
  REQUIRE(o.status == 0);
  const auto doc = nlohmann::json::parse(o.out);
  CHECK(doc["converged"] == true);
  CHECK(doc["final_loss"].get<double>() < 1e-8);
  CHECK(doc["epochs"].get<long>() > 0);
  const NpzEntries weights = read_npz(temp("final.npz"));
  REQUIRE(weights.size() == 5);  // W0 b0 W1 b1 architecture
  CHECK(weights[2].first == "W1");
  CHECK(weights[2].second.shape == std::vector<size_t>{4, 64});
  CHECK(lines(read_file(temp("loss.csv"))) == doc["epochs"].get<size_t>() + 2);  // header + epochs + 1
}

TEST_CASE("train --batch-size: the command's weights are lib/nn's minibatch training, bit for bit") {
  Rng data_rng(3);
  const Mat X = random_normal(4, 7, data_rng) * 0.5;  // 7 examples: batches of 3, 3 and 1
  write_examples(temp("batches.npy"), X);
  const auto o = run_tool("train --data " + temp("batches.npy") +
                          " --widths 4,16,4 --act tanh --opt adam --lr 1e-2 --tol 0 --max-epochs 30 --seed 4"
                          " --batch-size 3 --shuffle-seed 11 --threads 1 --save " + temp("batches.npz") + " --json");
  REQUIRE(o.status == 0);
  CHECK(nlohmann::json::parse(o.out)["epochs"] == 30);
  // The same training in this process, the way the command builds it.
  Rng rng(4);
  Mlp net = make_mlp({4, 16, 4}, parse_activation("tanh"), Parametrization::standard, true, rng);
  Optimizer adam(Adam{.lr = 1e-2}, parameters(net));
  const TrainResult result = train(net, X, X, LossKind::mse, adam,
                                   {.max_epochs = 30, .quiet = true, .batch_size = 3, .shuffle_seed = 11});
  CHECK(result.steps == 90);
  const NpzEntries saved = read_npz(temp("batches.npz"));
  REQUIRE(saved.size() == 5);  // W0 b0 W1 b1 architecture
  CHECK(to_matrix(saved[0].second, "W0") == net.layers[0].weight.value);
  CHECK(to_matrix(saved[3].second, "b1") == net.layers[1].bias.value);
  // Another shuffle seed visits the examples in another order: other weights.
  const auto other = run_tool("train --data " + temp("batches.npy") +
                              " --widths 4,16,4 --act tanh --opt adam --lr 1e-2 --tol 0 --max-epochs 30 --seed 4"
                              " --batch-size 3 --shuffle-seed 12 --threads 1 --save " + temp("batches12.npz") + " --json");
  REQUIRE(other.status == 0);
  CHECK(to_matrix(read_npz(temp("batches12.npz"))[0].second, "W0") != net.layers[0].weight.value);
}

TEST_CASE("train: bad input is one line on stderr and exit 2; divergence is exit 3") {
  Rng rng(2);
  write_examples(temp("d3.npy"), random_normal(3, 5, rng));
  const std::string data = " --data " + temp("d3.npy");
  for (const std::string& args :
       {data + " --widths 4,8,4", data + " --widths 3,8,3 --act sigmod", data + " --widths 3,8,3 --opt adagrad",
        data + " --widths 3,8,3 --frobnicate", std::string(" --data /nonexistent.npy --widths 3,3"),
        data + " --widths 3,x,3", data + " --widths 3,8,3 --param ntk --init uniform"}) {
    CAPTURE(args);
    const auto o = run_tool("train" + args);
    CHECK(o.status == 2);
    CHECK(lines(o.out) == 1);
    CHECK(o.out.rfind("train: ", 0) == 0);
  }
  // A misspelt choice of product path in the environment is bad input too, not the default path.
  for (const std::string env : {"MEMO_GEMM=openblass", "MEMO_GEMM_THREADS=eigen", "MEMO_TEAM_WAIT=sleep"}) {
    CAPTURE(env);
    const auto o = run_command_output(env + " " + testing::tool_path("train") + data + " --widths 3,8,3 2>&1");
    CHECK(o.status == 2);
    CHECK(lines(o.out) == 1);
    CHECK(o.out.find(env + ": expected") != std::string::npos);
  }
  write_examples(temp("big.npy"), random_normal(3, 5, rng) * 10);
  const auto o = run_tool("train --data " + temp("big.npy") + " --widths 3,50,3 --act exp2 --lr 10 --max-epochs 1000");
  CHECK(o.status == 3);
  CHECK(o.out.find("diverged at epoch") != std::string::npos);
}

TEST_CASE("quickstart: the nearby start returns to its training point") {
  const auto o = run_tool("quickstart");
  CHECK(o.status == 0);
  CHECK(o.out.find("training point 0 at distance") != std::string::npos);
}
