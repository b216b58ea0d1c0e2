// The jacobian and iterate tools as a user runs them, on a rank-one network whose Jacobian
// and dynamics are known in closed form (AM Thm 2 and Cor. 1).
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "lib/io/model_io.hpp"
#include "lib/io/npy.hpp"
#include "tests/tool_runner.hpp"

using namespace memo;
using memo::testing::run_tool;
using memo::testing::ToolOutput;

namespace {

std::string scratch(const std::string& name) {
  const std::string dir = std::string(MEMO_SOURCE_DIR) + "/build/test-output/apps-dynamics";
  std::filesystem::create_directories(dir);
  return dir + "/" + name;
}

// f(z) = A σ(B z), A = x (u·1)^T, B = (v·1) x^T, u = 1/(k σ(v)): f(x) = x, J(x) = e(v) x x^T.
std::string save_rank_one(const Vec& x, double v, int k, const std::string& name) {
  Rng rng(0);
  const Activation sigmoid = parse_activation("sigmoid");
  const int d = static_cast<int>(x.size());
  Mlp net = make_mlp({d, k, d}, sigmoid, Parametrization::standard, false, rng);
  net.layers[0].weight.value = v * Vec::Ones(k) * x.transpose();
  net.layers[1].weight.value = x * (Vec::Ones(k) / (k * activate(sigmoid, v))).transpose();
  save_mlp(scratch(name), net);
  return scratch(name);
}

}  // namespace

TEST_CASE("jacobian tool: spectral radius e_σ(v), operator norm |e_σ(v)|, eigenvalues (JSON)") {
  Vec x(4);
  x << 0.5, -0.5, 0.5, 0.5;  // unit norm
  const double v = 0.92915;
  const std::string weights = save_rank_one(x, v, 2, "rank1.npz");
  write_examples(scratch("x.npy"), Mat(x));
  const ToolOutput o = run_tool("jacobian --weights " + weights + " --widths 4,2,4 --act sigmoid --bias 0 --points " +
                                scratch("x.npy") + " --eigenvalues --json");
  REQUIRE(o.status == 0);
  const auto doc = nlohmann::json::parse(o.out);
  REQUIRE(doc["points"].size() == 1);
  const double e = elasticity(parse_activation("sigmoid"), v);  // 0.26304
  const auto& p = doc["points"][0];
  CHECK(p["spectral_radius"].get<double>() == doctest::Approx(e).epsilon(1e-12));
  CHECK(p["operator_norm"].get<double>() == doctest::Approx(e).epsilon(1e-12));  // J symmetric here
  REQUIRE(p["eigenvalues"].size() == 4);
  CHECK(p["eigenvalues"][0][0].get<double>() == doctest::Approx(e).epsilon(1e-12));
  CHECK(std::abs(p["eigenvalues"][1][0].get<double>()) < 1e-12);

  const ToolOutput bad = run_tool("jacobian --weights " + weights + " --widths 4,3,4 --act sigmoid --bias 0 --points " +
                                  scratch("x.npy"));
  CHECK(bad.status == 2);
  CHECK(std::count(bad.out.begin(), bad.out.end(), '\n') == 1);
}

TEST_CASE("iterate tool: AM Cor. 1's repelling example sends a nearby start to a stable 2-cycle (JSON)") {
  Vec x(4);
  x << 0.5, 0.5, -0.5, 0.5;
  const std::string weights = save_rank_one(x, -3, 2, "cor1.npz");
  write_examples(scratch("example.npy"), Mat(x));
  write_examples(scratch("starts.npy"), Mat(1.01 * x));
  const ToolOutput o = run_tool("iterate --weights " + weights + " --widths 4,2,4 --act sigmoid --bias 0 --points " +
                                scratch("starts.npy") + " --examples " + scratch("example.npy") + " --json");
  REQUIRE(o.status == 0);
  const auto doc = nlohmann::json::parse(o.out);
  CHECK(doc["points"][0]["end"] == "cycle");
  CHECK(doc["points"][0]["period"] == 2);
  REQUIRE(doc["limits"].size() == 1);
  CHECK(doc["limits"][0]["attracting"] == true);
  CHECK(doc["counts"]["cycle"] == 1);
  // Started on the example itself: a fixed point (f(x) = x to rounding), matched to example 0.
  const ToolOutput at = run_tool("iterate --weights " + weights + " --widths 4,2,4 --act sigmoid --bias 0 --points " +
                                 scratch("example.npy") + " --examples " + scratch("example.npy") + " --json");
  REQUIRE(at.status == 0);
  CHECK(nlohmann::json::parse(at.out)["points"][0]["end"] == "example");
  const ToolOutput both = run_tool("iterate --weights " + weights + " --widths 4,2,4 --act sigmoid --bias 0 --points " +
                                   scratch("starts.npy") + " --random-starts gaussian:3");
  CHECK(both.status == 2);
}
