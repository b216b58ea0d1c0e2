// IDX files and image sets: byte layout against the format description, round trips (plain and
// gzip), deliberately broken files, and the loader's "run make datasets" message.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "datasets/idx.hpp"
#include "datasets/image_set.hpp"
#include "lib/io/npy.hpp"
#include "lib/core/random.hpp"
#include "tests/scratch.hpp"

using namespace memo;

namespace {

// Per process, so two test runs at once do not share files; removed when the tests end.
struct TempDir {
  std::filesystem::path path =
      memo::testing::scratch_root() / "idx";
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
} temp_dir;

std::string temp_path(const std::string& name) {
  std::filesystem::create_directories(temp_dir.path);
  return (temp_dir.path / name).string();
}

ImageSet random_image_set(int n, int height, int width, std::uint64_t seed) {
  Rng rng(seed);
  ImageSet set{"tiny", height, width, {}, {}};
  for (int i = 0; i < n * height * width; ++i) set.pixels.push_back(static_cast<std::uint8_t>(rng() % 256));
  for (int i = 0; i < n; ++i) set.labels.push_back(static_cast<int>(rng() % 10));
  return set;
}

// Sets MEMO_DATA_DIR for the lifetime of the guard.
struct DataDirGuard {
  explicit DataDirGuard(const std::string& dir) { setenv("MEMO_DATA_DIR", dir.c_str(), 1); }
  ~DataDirGuard() { unsetenv("MEMO_DATA_DIR"); }
};

}  // namespace

TEST_CASE("IDX bytes follow the format: 0 0 type ndim, big-endian sizes, data in C order") {
  const IdxArray arr{{2, 3}, {1, 2, 3, 4, 5, 6}};
  const std::string expected("\x00\x00\x08\x02\x00\x00\x00\x02\x00\x00\x00\x03\x01\x02\x03\x04\x05\x06", 18);
  CHECK(format_idx(arr) == expected);
  const IdxArray big{{300}, std::vector<std::uint8_t>(300, 7)};  // 300 = 0x012c
  CHECK(format_idx(big).substr(4, 4) == std::string("\x00\x00\x01\x2c", 4));
  const IdxArray back = parse_idx(expected, "inline");
  CHECK(back.shape == arr.shape);
  CHECK(back.data == arr.data);
}

TEST_CASE("image sets round-trip through plain and gzip IDX files") {
  const ImageSet set = random_image_set(7, 5, 4, 11);
  for (const std::string suffix : {"", ".gz"}) {
    CAPTURE(suffix);
    const std::string images = temp_path("images" + suffix), labels = temp_path("labels" + suffix);
    write_idx_image_set(images, labels, set);
    CHECK(is_gzip(read_file(images)) == (suffix == ".gz"));
    const ImageSet back = read_idx_image_set(images, labels, "back");
    CHECK(back.height == 5);
    CHECK(back.width == 4);
    CHECK(back.pixels == set.pixels);
    CHECK(back.labels == set.labels);
  }
  // gzip of several members is one stream (RFC 1952), as zcat reads it
  const std::string bytes = format_idx({{4}, {9, 8, 7, 6}});
  CHECK(gunzip(gzip(bytes.substr(0, 5)) + gzip(bytes.substr(5)), "two members") == bytes);
}

TEST_CASE("image columns: pixel (r, c) is entry r·width + c, scaled by 1/255") {
  ImageSet set{"layout", 3, 4, std::vector<std::uint8_t>(2 * 12, 0), {0, 1}};
  set.pixels[12 + 1 * 4 + 2] = 255;  // image 1, row 1, column 2
  set.pixels[0] = 51;                // image 0, row 0, column 0
  const Mat X = image_columns(set, {1, 0});
  REQUIRE(X.rows() == 12);
  REQUIRE(X.cols() == 2);
  CHECK(X(6, 0) == 1.0);
  CHECK(X.col(0).sum() == 1.0);
  CHECK(X(0, 1) == doctest::Approx(0.2).epsilon(1e-15));
  CHECK(all_image_columns(set).col(1) == X.col(0));
  CHECK_THROWS_WITH_AS(image_columns(set, {2}), doctest::Contains("example 2 does not exist"), Error);
}

TEST_CASE("broken IDX files give one error naming the file and the problem") {
  const std::string good = format_idx({{3, 2, 2}, std::vector<std::uint8_t>(12, 1)});
  auto check_broken = [](const std::string& name, const std::string& bytes, const std::string& problem) {
    CAPTURE(name);
    const std::string path = temp_path(name);
    write_file(path, bytes);
    CHECK_THROWS_WITH_AS(read_idx(path), doctest::Contains(path.c_str()), Error);
    CHECK_THROWS_WITH_AS(read_idx(path), doctest::Contains(problem.c_str()), Error);
  };
  check_broken("empty", "", "shorter than the 4-byte header");
  check_broken("magic", "\x01\x02" + good.substr(2), "bad magic 0x01 0x02");
  std::string float_type = good;
  float_type[2] = 0x0d;
  check_broken("float", float_type, "data type 0x0d is not supported");
  std::string no_dims = good;
  no_dims[3] = 0;
  check_broken("nodims", no_dims, "0 dimensions");
  check_broken("header", good.substr(0, 10), "truncated header");
  check_broken("short", good.substr(0, good.size() - 1), "need 12 bytes, the file has 11");
  check_broken("long", good + "xy", "size mismatch");
  std::string huge = good;
  huge[4] = '\xff';  // first size 0xff000003: far more than the file holds
  check_broken("huge", huge, "truncated data");
  const std::string zipped = gzip(good);
  check_broken("truncated.gz", zipped.substr(0, zipped.size() / 2), "truncated gzip stream");
  std::string corrupt = zipped;
  corrupt[corrupt.size() - 6] ^= 0x5a;  // inside the CRC-32 trailer
  check_broken("corrupt.gz", corrupt, "corrupt gzip data");
  CHECK_THROWS_WITH_AS(read_idx(temp_path("missing")), doctest::Contains("cannot open"), Error);
}

TEST_CASE("image and label files that do not fit together are refused") {
  const ImageSet set = random_image_set(4, 2, 2, 3);
  write_idx_image_set(temp_path("i4"), temp_path("l4"), set);
  write_idx(temp_path("l5"), {{5}, {0, 1, 2, 3, 4}});
  CHECK_THROWS_WITH_AS(read_idx_image_set(temp_path("i4"), temp_path("l5"), "x"),
                       doctest::Contains("holds 4 images but"), Error);
  CHECK_THROWS_WITH_AS(read_idx_image_set(temp_path("l5"), temp_path("l5"), "x"),
                       doctest::Contains("images must have 3 dimensions"), Error);
  CHECK_THROWS_WITH_AS(read_idx_image_set(temp_path("i4"), temp_path("i4"), "x"),
                       doctest::Contains("labels must have 1 dimension"), Error);
}

TEST_CASE("load_image_set reads datasets/data by name and says how to fetch a missing set") {
  const std::string dir = temp_path("data");
  std::filesystem::remove_all(dir);
  DataDirGuard guard(dir);
  CHECK_THROWS_WITH_AS(load_image_set("mnist"), doctest::Contains("run `make datasets`"), Error);
  CHECK_THROWS_WITH_AS(load_image_set("fashion-mnist-test"), doctest::Contains("t10k-images-idx3-ubyte.gz is missing"),
                       Error);
  CHECK_THROWS_WITH_AS(load_image_set("cifar"), doctest::Contains("unknown image set 'cifar'"), Error);
  const ImageSet set = random_image_set(6, 28, 28, 5);
  write_idx_image_set(dir + "/mnist/images-idx3-ubyte.gz", dir + "/mnist/labels-idx1-ubyte.gz", set);
  const ImageSet loaded = load_image_set("mnist");
  CHECK(loaded.name == "mnist");
  CHECK(loaded.pixels == set.pixels);
  CHECK(loaded.labels == set.labels);
}
