// dataset — write a real or synthetic data set as .npy (n, d), one example per row, for the
// other tools (train, jacobian, iterate). Real sets need `make datasets` first.
//
//   build/bin/dataset mnist --n 100 --balanced --seed 0 --out X.npy --labels y.npy
//   build/bin/dataset mnist --sequence 0,1,2,3,4,5,6,7,8,9 --out sequence.npy     (AM Fig. 4b)
//   build/bin/dataset mnist --n 5 --subtract-mean set --norm 20 --out X.npy       (NTK Fig. 4b)
//   build/bin/dataset fashion-mnist --n 100 --downsample 4 --out small.npy        (7×7 images)
//   build/bin/dataset sphere --dim 32 --n 5 --radius 10 --min-angle 30 --out S.npy
//   build/bin/dataset swiss-roll --n 100 --out roll.npy --labels t.npy            (MEM Fig. 2)
//   build/bin/dataset grid --dim 3 --lo -12 --hi 15 --per-axis 10 --out starts.npy
//   build/bin/dataset video --frames 389 --height 32 --width 32 --out frames.npy  (AM Fig. 4a stand-in)
//   build/bin/dataset audio --seconds 8 --rate 22050 --tones 6 --out audio.npy    (AM App. G stand-in)
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <numbers>
#include <set>

#include "datasets/image_set.hpp"
#include "datasets/preprocess.hpp"
#include "datasets/selection.hpp"
#include "datasets/synthetic.hpp"
#include "lib/cli/cli.hpp"
#include "lib/cli/flag_checks.hpp"
#include "lib/io/memory.hpp"
#include "lib/io/npy.hpp"

using namespace memo;

namespace {

// The flags each source reads; any other source-specific flag given is an error.
const std::map<std::string, std::set<std::string>> kSourceFlags = {
    {"image", {"--n", "--seed", "--balanced", "--classes", "--sequence", "--downsample", "--binarize"}},
    {"sphere", {"--n", "--seed", "--dim", "--radius", "--radius-max", "--positive", "--min-angle"}},
    {"swiss-roll", {"--n", "--seed", "--noise"}},
    {"box", {"--n", "--seed", "--dim", "--lo", "--hi", "--min-distance"}},
    {"circle", {"--n", "--radius"}},
    {"grid", {"--dim", "--lo", "--hi", "--per-axis"}},
    {"video", {"--frames", "--height", "--width"}},
    {"audio", {"--seconds", "--rate", "--tones", "--seed"}},
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Write a real or synthetic data set as .npy of shape (n, d).", "dataset"};
  std::string source, out, labels_out, subtract_mean_of;
  long n = 100;
  unsigned long seed = 0;
  bool balanced = false, positive = false, json = false;
  std::vector<int> classes, sequence;
  int downsample_factor = 1, dim = 2, per_axis = 10, frames = 389, height = 32, width = 32, seconds = 8, rate = 22050,
      tones = 6;
  double binarize_threshold = 0.5, norm = 0, radius = 1, radius_max = 0, min_angle_degrees = 0, noise = 0, lo = -1,
         hi = 1, min_distance = 0;
  std::vector<std::string> sources = image_set_names();
  for (const auto& [name, flags] : kSourceFlags)
    if (name != "image") sources.push_back(name);
  app.add_option("source", source, "what to write")->required()->check(CLI::IsMember(sources));
  app.add_option("--out", out, "output .npy, shape (n, d)")->required();
  app.add_option("--labels", labels_out, "also write the labels (images) or t (swiss-roll) as .npy of shape (n)");
  app.add_option("--n", n, "number of examples")->capture_default_str()->check(whole_in(1, 1'000'000'000));
  app.add_option("--seed", seed, "random seed of the selection or generator")->capture_default_str()->check(seed_check());
  app.add_flag("--balanced", balanced, "images: equal numbers per class");
  app.add_option("--classes", classes, "images: only these labels, e.g. 0,1")->delimiter(',');
  app.add_option("--sequence", sequence, "images: one image per label in this order, e.g. 0,1,…,9")->delimiter(',');
  app.add_option("--downsample", downsample_factor, "images: average f×f blocks (28→14: 2, 28→7: 4)")->capture_default_str()->check(whole_in(1, 1000));
  app.add_option("--binarize", binarize_threshold, "images: 1 above this value, else 0")->check(finite_number());
  app.add_option("--subtract-mean", subtract_mean_of, "subtract the mean of the written examples or of the whole set")
      ->check(CLI::IsMember({"selection", "set"}));
  app.add_option("--norm", norm, "rescale every example to this Euclidean norm (last step)")->check(finite_above(0));
  app.add_option("--dim", dim, "sphere, box, grid: dimension")->capture_default_str()->check(whole_in(1, 1'000'000));
  app.add_option("--radius", radius, "sphere, circle: radius")->capture_default_str()->check(finite_above(0));
  app.add_option("--radius-max", radius_max, "sphere: norms uniform in [radius, radius-max]")->check(finite_above(0));
  app.add_flag("--positive", positive, "sphere: directions in the positive orthant");
  app.add_option("--min-angle", min_angle_degrees, "sphere: minimum pairwise angle in degrees")->check(finite_at_least(0));
  app.add_option("--noise", noise, "swiss-roll: Gaussian noise std")->capture_default_str()->check(finite_at_least(0));
  app.add_option("--lo", lo, "box, grid: lower bound of every coordinate")->capture_default_str()->check(finite_number());
  app.add_option("--hi", hi, "box, grid: upper bound of every coordinate")->capture_default_str()->check(finite_number());
  app.add_option("--min-distance", min_distance, "box: minimum pairwise distance")->check(finite_at_least(0));
  app.add_option("--per-axis", per_axis, "grid: points per axis")->capture_default_str()->check(whole_in(1, 1'000'000));
  app.add_option("--frames", frames, "video: number of frames")->capture_default_str()->check(whole_in(1, 1'000'000));
  app.add_option("--height", height, "video: frame height")->capture_default_str()->check(whole_in(1, 100'000));
  app.add_option("--width", width, "video: frame width")->capture_default_str()->check(whole_in(1, 100'000));
  app.add_option("--seconds", seconds, "audio: number of one-second chunks")->capture_default_str()->check(whole_in(1, 1'000'000));
  app.add_option("--rate", rate, "audio: samples per second")->capture_default_str()->check(whole_in(1, 10'000'000));
  app.add_option("--tones", tones, "audio: number of sinusoids")->capture_default_str()->check(whole_in(1, 1'000'000));
  app.add_flag("--json", json, "print {source, n, d, out, min_norm, max_norm} as JSON");

  return run_main(app, argc, argv, [&] {
    const std::vector<std::string> image_sets = image_set_names();
    const bool is_image = std::ranges::find(image_sets, source) != image_sets.end();
    const std::string kind = is_image ? "image" : source;
    for (const auto& [other, flags] : kSourceFlags)
      for (const std::string& flag : flags)
        if (app.count(flag) > 0 && !kSourceFlags.at(kind).contains(flag))
          throw Error(fmt::format("{} does not apply to {}", flag, source));
    if (subtract_mean_of == "set" && !is_image) throw Error("--subtract-mean set needs an image set");
    if ((source == "box" || source == "grid") && !(lo < hi))
      throw Error(fmt::format("--lo {} must be below --hi {}", lo, hi));
    if (app.count("--radius-max") && radius_max < radius)
      throw Error(fmt::format("--radius-max {} is below --radius {}", radius_max, radius));
    if (min_angle_degrees > 180) throw Error(fmt::format("--min-angle {} is above 180 degrees", min_angle_degrees));
    // Sizes as doubles, so that per-axis^dim cannot overflow before the check.
    double entries = 0;
    if (source == "sphere" || source == "box") entries = double(n) * dim;
    else if (source == "grid") entries = std::pow(double(per_axis), dim) * dim;
    else if (source == "video") entries = double(frames) * height * width;
    else if (source == "audio") entries = double(seconds) * rate;
    check_memory(3 * 8 * entries, fmt::format("dataset {}", source));
    check_output_path(out, "--out");
    if (!labels_out.empty()) check_output_path(labels_out, "--labels");

    Mat X;
    NpyArray labels;
    Vec set_mean;
    Rng rng(seed);
    if (is_image) {
      if (!sequence.empty() && (app.count("--n") || balanced || !classes.empty()))
        throw Error("--sequence chooses the images itself: drop --n, --balanced and --classes");
      const ImageSet set = load_image_set(source);
      const auto chosen = !sequence.empty() ? select_sequence(set.labels, sequence, seed)
                                            : select_examples(set.labels, {n, seed, balanced, classes});
      const auto prepare = [&](Mat images) {
        if (downsample_factor != 1) images = downsample(images, set.height, set.width, downsample_factor);
        if (app.count("--binarize")) images = binarize(images, binarize_threshold);
        return images;
      };
      X = prepare(image_columns(set, chosen));
      if (subtract_mean_of == "set") {  // in blocks: all 60,000 Fashion-MNIST images as doubles would take 376 MB
        set_mean = Vec::Zero(X.rows());
        for (Eigen::Index start = 0; start < set.size(); start += 1000) {
          std::vector<Eigen::Index> block;
          for (Eigen::Index i = start; i < std::min(start + 1000, set.size()); ++i) block.push_back(i);
          set_mean += prepare(image_columns(set, block)).rowwise().sum();
        }
        set_mean /= double(set.size());
      }
      labels.shape = {chosen.size()};
      for (Eigen::Index i : chosen) labels.data.push_back(set.labels[i]);
    } else if (source == "sphere") {
      X = sphere_points(dim, n, radius, rng,
                        {.positive_orthant = positive, .min_angle = min_angle_degrees * std::numbers::pi / 180,
                         .radius_max = radius_max});
    } else if (source == "swiss-roll") {
      const SwissRoll roll = swiss_roll(n, rng, noise);
      X = roll.X;
      labels.shape = {size_t(n)};
      labels.data.assign(roll.t.data(), roll.t.data() + n);
    } else if (source == "box") {
      X = box_points(dim, n, lo, hi, rng, min_distance);
    } else if (source == "circle") {
      X = circle_points(n, radius);
    } else if (source == "grid") {
      X = grid_points(Vec::Constant(dim, lo), Vec::Constant(dim, hi), per_axis);
    } else if (source == "video") {
      X = blob_video(frames, height, width);
    } else {
      X = audio_chunks(seconds, rate, random_tones(tones, rng));
    }
    if (subtract_mean_of == "selection") X = subtract_mean(X);
    if (subtract_mean_of == "set") X = subtract_mean(X, set_mean);
    if (app.count("--norm")) X = rescale_to_norm(X, norm);

    if (!labels_out.empty() && labels.shape.empty()) throw Error(fmt::format("{} has no labels to write", source));
    write_examples(out, X);
    if (!labels_out.empty()) write_npy(labels_out, labels);
    const Eigen::RowVectorXd norms = X.colwise().norm();
    if (json) {
      print_json({{"source", source}, {"n", X.cols()}, {"d", X.rows()}, {"out", out},
                  {"min_norm", norms.size() ? norms.minCoeff() : 0.0}, {"max_norm", norms.size() ? norms.maxCoeff() : 0.0}});
    } else {
      fmt::print("wrote {}: {} examples of dimension {} from {}", out, X.cols(), X.rows(), source);
      if (norms.size()) fmt::print(" (norms {:.4g} to {:.4g})", norms.minCoeff(), norms.maxCoeff());
      fmt::print("\n");
    }
    return kExitOk;
  });
}
