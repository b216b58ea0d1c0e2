// The readers against hostile and mistaken files: every size is checked before anything is
// allocated, and every fault is a memo::Error naming the file (never a crash, a hang or
// gigabytes allocated for a small file).
#include <doctest/doctest.h>

#include <filesystem>

#include "datasets/idx.hpp"
#include "lib/cli/parse.hpp"
#include "lib/io/memory.hpp"
#include "lib/io/model_io.hpp"
#include "lib/io/npy.hpp"
#include "tests/hostile_files.hpp"
#include "tests/scratch.hpp"

using namespace memo;
using memo::testing::npy_bytes;
using memo::testing::zip_one;

namespace {

std::string scratch(const std::string& name) {
  const auto dir = memo::testing::scratch_root() / "hostile";
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

std::string f8_header(const std::string& shape) {
  return "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
}

}  // namespace

TEST_CASE(".npy: shapes that overflow 64 bits, negative or malformed entries, huge declared sizes") {
  const std::string eight(8, '\0');
  // 2^61 · 1 elements of 8 bytes is 2^64 bytes; (10^12, 10^12) is 10^24 elements
  for (const std::string shape : {"(2305843009213693952, 1)", "(1000000000000, 1000000000000)"})
    CHECK_THROWS_WITH_AS(parse_npy(npy_bytes(f8_header(shape), eight), "f"), doctest::Contains("64 bits"), Error);
  for (const std::string shape : {"(-1, 3)", "(3, -1)", "(+3,)", "(3,,4)", "(1e3,)", "(3"})
    CHECK_THROWS_AS(parse_npy(npy_bytes(f8_header(shape), eight), "f"), Error);
  // found by fuzz_npy: an empty array with a dimension beyond Eigen::Index hung to_matrix
  CHECK_THROWS_WITH_AS(parse_npy(npy_bytes(f8_header("(0, 9223372036854775808)"), ""), "f"),
                       doctest::Contains("above 2^63"), Error);
  CHECK(to_matrix(parse_npy(npy_bytes(f8_header("(0, 4611686018427387904)"), ""), "f"), "f").size() == 0);
  // fits in 64 bits but not in the file: refused before allocating 8 TB
  write_file(scratch("huge.npy"), npy_bytes(f8_header("(1000000000, 1000)"), eight));
  CHECK_THROWS_WITH_AS(read_npy(scratch("huge.npy")), doctest::Contains("truncated data"), Error);
  CHECK_THROWS_WITH_AS(parse_npy(npy_bytes(f8_header("(1000000000, 1000)"), eight), "f"),
                       doctest::Contains("truncated data"), Error);
  // a header length beyond anything NumPy writes
  std::string long_header("\x93NUMPY\x02\x00\xff\xff\xff\x7f", 12);
  CHECK_THROWS_WITH_AS(parse_npy(long_header, "f"), doctest::Contains("header of"), Error);
  // what does parse is exact: (2,) float64
  const NpyArray two = parse_npy(npy_bytes(f8_header("(2,)"), std::string("\0\0\0\0\0\0\xf0\x3f", 8) + eight), "f");
  CHECK(two.shape == std::vector<size_t>{2});
  CHECK(two.data == std::vector<double>{1.0, 0.0});
}

TEST_CASE(".npy from a stream or a directory: the magic is checked before anything else is read") {
  CHECK_THROWS_WITH_AS(read_npy("/dev/zero"), doctest::Contains("not a .npy file"), Error);
  CHECK_THROWS_WITH_AS(read_npy(std::filesystem::temp_directory_path().string()), doctest::Contains("is a directory"),
                       Error);
  CHECK_THROWS_WITH_AS(read_npz("/dev/zero"), doctest::Contains("not a regular file"), Error);
}

TEST_CASE("empty data sets are refused with their shape") {
  for (const auto& [rows, cols] : {std::pair{0, 8}, {4, 0}, {0, 0}}) {
    NpyArray arr;
    arr.shape = {size_t(rows), size_t(cols)};
    write_npy(scratch("empty.npy"), arr);
    CHECK_THROWS_WITH_AS(read_examples(scratch("empty.npy")), doctest::Contains("is empty"), Error);
  }
}

TEST_CASE(".npz: a directory that claims more than the member's .npy header is refused before inflating") {
  const std::string member = npy_bytes(f8_header("(3, 4)"), std::string(96, '\0'));
  write_file(scratch("honest.npz"), zip_one("W0.npy", member, member.size()));
  CHECK(read_npz(scratch("honest.npz")).at(0).second.shape == std::vector<size_t>{3, 4});
  // 2 GB declared for a 128-byte array: the .npz bomb of the issue
  write_file(scratch("bomb.npz"), zip_one("W0.npy", member, 2'100'000'000));
  CHECK_THROWS_WITH_AS(read_npz(scratch("bomb.npz")), doctest::Contains("the .npy header inside declares"), Error);
  write_file(scratch("short.npz"), zip_one("W0.npy", member, member.size() - 8));
  CHECK_THROWS_AS(read_npz(scratch("short.npz")), Error);
  // offsets past the end of the file: an Error, never std::out_of_range
  std::string zip = zip_one("W0.npy", member, member.size());
  for (size_t at : {zip.size() - 6, zip.size() - 22 + 16 + 3}) {  // directory size and offset fields
    std::string bad = zip;
    bad[at] = '\x7f';
    write_file(scratch("bad.npz"), bad);
    CHECK_THROWS_AS(read_npz(scratch("bad.npz")), Error);
  }
}

TEST_CASE("IDX: gzip data that inflates past its header's size is refused as it inflates") {
  IdxArray small{{2, 3}, {1, 2, 3, 4, 5, 6}};
  std::string bytes = format_idx(small);
  write_file(scratch("ok.idx.gz"), gzip(bytes));
  CHECK(read_idx(scratch("ok.idx.gz")).data == small.data);
  write_file(scratch("bomb.idx.gz"), gzip(bytes + std::string(10'000'000, '\0')));
  CHECK_THROWS_WITH_AS(read_idx(scratch("bomb.idx.gz")), doctest::Contains("inflates past"), Error);
}

TEST_CASE("size checks: overflow-safe products and a 'needs N GB, M GB available' message") {
  CHECK(checked_product(std::vector<size_t>{1ull << 32, 1ull << 31}) == (1ull << 63));
  CHECK_FALSE(checked_product(std::vector<size_t>{1ull << 32, 1ull << 32}).has_value());
  CHECK(checked_product(std::vector<size_t>{}) == 1u);
  REQUIRE(available_memory_bytes().has_value());
  CHECK(*available_memory_bytes() > 0);
  CHECK_THROWS_WITH_AS(check_memory(1e30, "a test"), doctest::Contains("a test needs 1e+21 GB,"), Error);
  CHECK_NOTHROW(check_memory(1e3, "a test"));
}

TEST_CASE("outputs: a directory, an impossible folder or a failed write leaves no .partial behind") {
  const std::string dir = scratch("outdir");
  std::filesystem::create_directories(dir);
  CHECK_THROWS_WITH_AS(check_output_path(dir, "--save"), doctest::Contains("is a directory"), Error);
  CHECK_THROWS_WITH_AS(write_file(dir, "x"), doctest::Contains("is a directory"), Error);
  CHECK_FALSE(std::filesystem::exists(dir + ".partial"));
  write_file(scratch("plain"), "x");
  CHECK_THROWS_WITH_AS(check_output_path(scratch("plain") + "/w.npz", "--save"), doctest::Contains("--save"), Error);
  CHECK_NOTHROW(check_output_path(scratch("new/sub/w.npz"), "--save"));
  CHECK_FALSE(std::filesystem::exists(scratch("new/sub/w.npz.partial")));
}

TEST_CASE("the one number parser: no NaN, infinity, trailing text, empty items or seeds past 2^64") {
  CHECK(parse_number_list("32,1000,32", "w") == std::vector<double>{32, 1000, 32});
  for (const std::string bad : {"5,nan,1", "inf", "1,", ",1", "", "1x", "1e999"})
    CHECK_THROWS_AS(parse_number_list(bad, "list"), Error);
  CHECK(parse_seed("18446744073709551615", "--seed") == 18446744073709551615ull);
  for (const std::string bad : {"18446744073709551616", "99999999999999999999999", "-1", "1.5", ""})
    CHECK_THROWS_AS(parse_seed(bad, "--seed"), Error);
}

TEST_CASE("model files record their architecture; a file that contradicts the network is refused") {
  Rng rng(4);
  const Mlp net = make_mlp({3, 7, 3}, parse_activation("linear:0.25,0.5"), Parametrization::ntk, false, rng);
  save_mlp(scratch("m.npz"), net);
  const NpzEntries entries = read_npz(scratch("m.npz"));
  const auto arch = read_architecture(entries, "m.npz");
  REQUIRE(arch.has_value());
  CHECK(arch->widths == std::vector<int>{3, 7, 3});
  CHECK(arch->activation == "linear:0.25,0.5");
  CHECK(arch->parametrization == "ntk");
  CHECK_FALSE(arch->bias);
  Mlp same = make_mlp(*arch);
  load_mlp_weights(entries, "m.npz", same);
  const Mat X = Mat::Random(3, 5);
  CHECK((forward(same, X) - forward(net, X)).norm() == 0);
  Mlp other = make_mlp({3, 7, 3}, parse_activation("tanh"), Parametrization::ntk, false, rng);
  CHECK_THROWS_WITH_AS(load_mlp_weights(entries, "m.npz", other), doctest::Contains("activation linear:0.25,0.5"),
                       Error);
  // a malformed record is an Error naming the entry
  NpzEntries broken = entries;
  broken.back().second.data.assign({'{', 'x'});
  broken.back().second.shape = {2};
  CHECK_THROWS_WITH_AS(read_architecture(broken, "b.npz"), doctest::Contains("entry 'architecture'"), Error);
}
