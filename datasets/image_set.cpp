#include "datasets/image_set.hpp"

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "datasets/idx.hpp"

namespace memo {

ImageSet read_idx_image_set(const std::string& images_path, const std::string& labels_path, const std::string& name) {
  IdxArray images = read_idx(images_path);
  const IdxArray labels = read_idx(labels_path);
  if (images.shape.size() != 3)
    throw Error(fmt::format("{}: images must have 3 dimensions (n, height, width), got {}", images_path,
                            images.shape.size()));
  if (labels.shape.size() != 1)
    throw Error(fmt::format("{}: labels must have 1 dimension (n), got {}", labels_path, labels.shape.size()));
  if (images.shape[0] != labels.shape[0])
    throw Error(fmt::format("{} holds {} images but {} holds {} labels", images_path, images.shape[0], labels_path,
                            labels.shape[0]));
  ImageSet set;
  set.name = name;
  set.height = static_cast<int>(images.shape[1]);
  set.width = static_cast<int>(images.shape[2]);
  set.pixels = std::move(images.data);
  set.labels.assign(labels.data.begin(), labels.data.end());
  return set;
}

void write_idx_image_set(const std::string& images_path, const std::string& labels_path, const ImageSet& set) {
  const size_t n = set.labels.size();
  if (set.pixels.size() != n * set.pixel_count())
    throw Error(fmt::format("{}: {} pixels do not make {} images of {}×{}", set.name, set.pixels.size(), n, set.height,
                            set.width));
  IdxArray labels{{n}, {}};
  for (int label : set.labels) {
    if (label < 0 || label > 255) throw Error(fmt::format("{}: label {} does not fit in a byte", set.name, label));
    labels.data.push_back(static_cast<std::uint8_t>(label));
  }
  write_idx(images_path, {{n, size_t(set.height), size_t(set.width)}, set.pixels});
  write_idx(labels_path, labels);
}

Mat image_columns(const ImageSet& set, const std::vector<Eigen::Index>& indices) {
  const int d = set.pixel_count();
  Mat X(d, static_cast<Eigen::Index>(indices.size()));
  for (size_t j = 0; j < indices.size(); ++j) {
    const Eigen::Index i = indices[j];
    if (i < 0 || i >= set.size())
      throw Error(fmt::format("{}: example {} does not exist (the set has {})", set.name, i, set.size()));
    const std::uint8_t* image = set.pixels.data() + i * d;
    for (int p = 0; p < d; ++p) X(p, static_cast<Eigen::Index>(j)) = image[p] / 255.0;
  }
  return X;
}

Mat all_image_columns(const ImageSet& set) {
  std::vector<Eigen::Index> all(set.labels.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<Eigen::Index>(i);
  return image_columns(set, all);
}

std::string data_directory() {
  if (const char* dir = std::getenv("MEMO_DATA_DIR"); dir && *dir) return dir;
  return std::string(MEMO_SOURCE_DIR) + "/datasets/data";
}

std::vector<std::string> image_set_names() { return {"mnist", "fashion-mnist", "fashion-mnist-test"}; }

// File names are the ones `make datasets` writes (datasets/fetch.sh).
ImageSet load_image_set(const std::string& name) {
  std::string images, labels;
  if (name == "mnist") {
    images = "mnist/images-idx3-ubyte.gz";
    labels = "mnist/labels-idx1-ubyte.gz";
  } else if (name == "fashion-mnist") {
    images = "fashion-mnist/train-images-idx3-ubyte.gz";
    labels = "fashion-mnist/train-labels-idx1-ubyte.gz";
  } else if (name == "fashion-mnist-test") {
    images = "fashion-mnist/t10k-images-idx3-ubyte.gz";
    labels = "fashion-mnist/t10k-labels-idx1-ubyte.gz";
  } else {
    throw Error(fmt::format("unknown image set '{}' (expected one of: {})", name, fmt::join(image_set_names(), ", ")));
  }
  const std::string dir = data_directory();
  for (const std::string& file : {images, labels})
    if (!std::filesystem::exists(dir + "/" + file))
      throw Error(fmt::format("{} is not installed ({}/{} is missing): run `make datasets` in {}", name, dir, file,
                              MEMO_SOURCE_DIR));
  return read_idx_image_set(dir + "/" + images, dir + "/" + labels, name);
}

}  // namespace memo
