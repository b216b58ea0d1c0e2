// .npy/.npz against files NumPy itself wrote (tests/data), round trips, and broken files.
#include <doctest/doctest.h>

#include <filesystem>

#include "lib/io/csv.hpp"
#include "lib/io/model_io.hpp"
#include "lib/io/npy.hpp"
#include "tests/scratch.hpp"

using namespace memo;

namespace {

const std::string kData = std::string(MEMO_SOURCE_DIR) + "/tests/data/";

Mat reference() {  // np.arange(12).reshape(3, 4) / 8 - 0.3
  Mat a(3, 4);
  for (int i = 0; i < 12; ++i) a(i / 4, i % 4) = i / 8.0 - 0.3;
  return a;
}

std::string temp_path(const std::string& name) {
  const auto dir = memo::testing::scratch_root();
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

}  // namespace

TEST_CASE("reads what numpy.save writes: dtypes, byte orders, Fortran order, 1-D") {
  CHECK(read_matrix(kData + "c_order_f8.npy") == reference());
  CHECK(read_matrix(kData + "fortran_f8.npy") == reference());
  CHECK(read_matrix(kData + "big_endian_f8.npy") == reference());
  CHECK((read_matrix(kData + "f4.npy") - reference()).cwiseAbs().maxCoeff() < 1e-7);
  Mat ints(2, 3);
  ints << -2, -1, 0, 1, 2, 3;
  CHECK(read_matrix(kData + "i8.npy") == ints);
  Mat bytes(2, 2);
  bytes << 0, 255, 7, 128;
  CHECK(read_matrix(kData + "u1.npy") == bytes);
  const Mat v = read_matrix(kData + "vector.npy");
  CHECK(v.rows() == 3);
  CHECK(v.cols() == 1);
  CHECK(v(2, 0) == 3.25);
}

TEST_CASE("reads what numpy.savez and savez_compressed write") {
  for (const std::string file : {"weights.npz", "weights_compressed.npz"}) {
    CAPTURE(file);
    const NpzEntries entries = read_npz(kData + file);
    REQUIRE(entries.size() == 3);
    std::map<std::string, Mat> m;
    for (const auto& [name, arr] : entries) m[name] = to_matrix(arr, name);
    CHECK(m.at("W0") == reference());
    CHECK(m.at("W1") == reference().transpose());
    CHECK(m.at("b0").col(0) == Eigen::Vector3d(0.1, 0.2, 0.3));
  }
}

TEST_CASE(".npy and .npz round trips are bit-exact") {
  const Mat M = Mat::Random(7, 5);
  write_matrix(temp_path("m.npy"), M);
  CHECK(read_matrix(temp_path("m.npy")) == M);
  write_examples(temp_path("x.npy"), M);  // stored (n, d) = (5, 7)
  CHECK(read_npy(temp_path("x.npy")).shape == std::vector<size_t>{5, 7});
  CHECK(read_examples(temp_path("x.npy")) == M);
  NpzEntries entries{{"A", to_npy(M)}, {"B", to_npy(Mat::Constant(1, 1, -0.0))}};
  write_npz(temp_path("e.npz"), entries);
  const NpzEntries back = read_npz(temp_path("e.npz"));
  REQUIRE(back.size() == 2);
  CHECK(back[0].first == "A");
  CHECK(to_matrix(back[0].second, "A") == M);
  CHECK(std::signbit(back[1].second.data[0]));
  // the .npy header is a multiple of 64 bytes, as NumPy's format 1.0 writes it
  CHECK(format_npy(to_npy(M)).size() == 128 + 35 * 8);
}

TEST_CASE("MLP weights save as W0, b0, … with PyTorch shapes and load back") {
  Rng rng(3);
  Mlp net = make_mlp({4, 6, 4}, parse_activation("tanh"), Parametrization::standard, true, rng);
  save_mlp(temp_path("net.npz"), net);
  const NpzEntries entries = read_npz(temp_path("net.npz"));
  REQUIRE(entries.size() == 5);  // W0 b0 W1 b1 and the architecture record
  CHECK(entries[4].first == "architecture");
  CHECK(entries[4].second.dtype == "u1");
  CHECK(entries[0].first == "W0");
  CHECK(entries[0].second.shape == std::vector<size_t>{6, 4});
  CHECK(entries[1].first == "b0");
  CHECK(entries[1].second.shape == std::vector<size_t>{6});
  Rng other(99);
  Mlp copy = make_mlp({4, 6, 4}, parse_activation("tanh"), Parametrization::standard, true, other);
  load_mlp_weights(temp_path("net.npz"), copy);
  const Mat X = Mat::Random(4, 3);
  CHECK(forward(copy, X) == forward(net, X));
  Mlp wrong = make_mlp({4, 5, 4}, parse_activation("tanh"), Parametrization::standard, true, other);
  CHECK_THROWS_WITH_AS(load_mlp_weights(temp_path("net.npz"), wrong), doctest::Contains("widths 4,6,4"), Error);
  // without the architecture record (a file NumPy or PyTorch wrote) the arrays' shapes decide
  write_npz(temp_path("plain.npz"), NpzEntries(entries.begin(), entries.end() - 1));
  CHECK_THROWS_WITH_AS(load_mlp_weights(temp_path("plain.npz"), wrong), doctest::Contains("W0 has shape (6, 4)"), Error);
  Mlp no_bias = make_mlp({4, 6, 4}, parse_activation("tanh"), Parametrization::standard, false, other);
  CHECK_THROWS_WITH_AS(load_mlp_weights(temp_path("plain.npz"), no_bias), doctest::Contains("b0"), Error);
}

TEST_CASE("malformed files give one clear error naming the file") {
  write_file(temp_path("bad_magic.npy"), "NOTNUMPY at all, just text");
  CHECK_THROWS_WITH_AS(read_matrix(temp_path("bad_magic.npy")), doctest::Contains("not a .npy file"), Error);
  std::string bytes = format_npy(to_npy(Mat::Random(4, 4)));
  write_file(temp_path("short.npy"), bytes.substr(0, bytes.size() - 9));
  CHECK_THROWS_WITH_AS(read_matrix(temp_path("short.npy")), doctest::Contains("truncated data"), Error);
  write_file(temp_path("short_header.npy"), bytes.substr(0, 40));
  CHECK_THROWS_WITH_AS(read_matrix(temp_path("short_header.npy")), doctest::Contains("short_header.npy"), Error);
  CHECK_THROWS_WITH_AS(read_matrix(temp_path("missing.npy")), doctest::Contains("cannot open"), Error);
  write_file(temp_path("not.npz"), "PK but not really a zip");
  CHECK_THROWS_WITH_AS(read_npz(temp_path("not.npz")), doctest::Contains("not a zip"), Error);
  std::string zip = read_file(kData + "weights.npz");
  zip[100] ^= 0x5a;  // flip bits inside the first member's data
  write_file(temp_path("corrupt.npz"), zip);
  CHECK_THROWS_WITH_AS(read_npz(temp_path("corrupt.npz")), doctest::Contains("CRC"), Error);
  write_matrix(temp_path("nan.npy"), Mat::Constant(2, 2, std::nan("")));
  CHECK_THROWS_WITH_AS(read_examples(temp_path("nan.npy")), doctest::Contains("NaN"), Error);
}

TEST_CASE("CSV tables: header, rows, quoting, exact doubles") {
  CsvTable table({"name", "value", "count"});
  table.add_row({std::string("a,b"), 0.1, 3L});
  CHECK(table.str() == "name,value,count\n\"a,b\",0.1,3\n");
  CHECK_THROWS_AS(table.add_row({1.0}), Error);
}
