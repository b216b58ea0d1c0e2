// verify (make run): two fast claims through the real binary, and the report files it writes.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "lib/io/npy.hpp"
#include "tests/scratch.hpp"

using namespace memo;

TEST_CASE("verify --only runs two claims and writes report.md and report.json") {
  const auto out = memo::testing::scratch_root() / "verify";
  std::filesystem::remove_all(out);
  const std::string command = std::string(MEMO_SOURCE_DIR) + "/build/bin/verify --only am-thm1,mem-minnorm --out " +
                              out.string() + " > /dev/null 2>&1";
  const int status = std::system(command.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  const std::string md = read_file((out / "report.md").string());
  CHECK(md.find("| id | source | claim | paper | theory | measured | tolerance | verdict | s |") != std::string::npos);
  CHECK(md.find("| am-thm1 | AM Thm 1–2 |") != std::string::npos);
  CHECK(md.find("| mem-minnorm |") != std::string::npos);
  const auto doc = nlohmann::json::parse(read_file((out / "report.json").string()));
  REQUIRE(doc["claims"].size() == 2);
  const auto& thm1 = doc["claims"][0];
  CHECK(thm1["id"] == "am-thm1");
  CHECK(thm1["agrees"] == true);
  CHECK(std::abs(thm1["theory"].get<double>() - 0.26304) < 1e-5);  // AM Thm 2
  CHECK(std::abs(thm1["measured"].get<double>() - 0.26304) < 1e-3);
  // mem-minnorm draws its singular values whenever gnuplot is installed (make deps installs it)
  if (std::system("command -v gnuplot > /dev/null 2>&1") == 0) CHECK(doc["claims"][1]["figures"].size() == 1);
  // every figure the report names exists
  for (const auto& claim : doc["claims"])
    for (const auto& figure : claim["figures"]) {
      CAPTURE(figure.get<std::string>());
      CHECK(std::filesystem::exists(out / figure.get<std::string>()));
      CHECK(md.find(figure.get<std::string>()) != std::string::npos);
    }
  // an unknown id is bad input
  const std::string bad = std::string(MEMO_SOURCE_DIR) + "/build/bin/verify --only nonsense > /dev/null 2>&1";
  const int bad_status = std::system(bad.c_str());
  CHECK(WEXITSTATUS(bad_status) == 2);
}
