#include "lib/nn/checkpoint.hpp"

#include <cstring>
#include <fmt/format.h>
#include <sstream>

#include "lib/io/npy.hpp"

namespace memo {
namespace {

// Layout: a text header, then the raw doubles (little-endian, as in memory) of every matrix
// (parameters, then each parameter's first and second state) and of the loss history.
//   memo checkpoint 1
//   identity <bytes>\n<identity>\n
//   optimizer <name> steps <n>
//   epoch <n>
//   rng <bytes>\n<generator state as std::mt19937_64 prints it>\n
//   matrices <count>\n<rows> <cols>\n …
//   history <count>
//   batches <count>      (only in the middle of a minibatch epoch)
//   data\n<doubles>
constexpr const char* kMagic = "memo checkpoint 1";

void put_text(std::string& out, const char* label, const std::string& text) {
  out += fmt::format("{} {}\n{}\n", label, text.size(), text);
}

std::vector<const Mat*> matrices(const Optimizer& optimizer) {
  std::vector<const Mat*> all;
  for (const Param* p : optimizer.params()) all.push_back(&p->value);
  for (const Optimizer::State& s : optimizer.state()) all.push_back(&s.first), all.push_back(&s.second);
  return all;
}

}  // namespace

void save_checkpoint(const Checkpointing& where, const Optimizer& optimizer, const Checkpoint& checkpoint) {
  std::string out = std::string(kMagic) + "\n";
  put_text(out, "identity", where.identity);
  out += fmt::format("optimizer {} steps {}\nepoch {}\n", optimizer_name(optimizer.config()),
                     optimizer.steps_taken(), checkpoint.epoch);
  std::ostringstream rng;
  if (where.rng) rng << *where.rng;
  put_text(out, "rng", rng.str());
  const std::vector<const Mat*> all = matrices(optimizer);
  out += fmt::format("matrices {}\n", all.size());
  for (const Mat* m : all) out += fmt::format("{} {}\n", m->rows(), m->cols());
  out += fmt::format("history {}\n", checkpoint.loss_history.size());
  if (!checkpoint.epoch_batch_losses.empty()) out += fmt::format("batches {}\n", checkpoint.epoch_batch_losses.size());
  out += "data\n";
  auto put_doubles = [&](const double* data, size_t count) {
    out.append(reinterpret_cast<const char*>(data), count * sizeof(double));
  };
  for (const Mat* m : all) put_doubles(m->data(), static_cast<size_t>(m->size()));
  put_doubles(checkpoint.loss_history.data(), checkpoint.loss_history.size());
  put_doubles(checkpoint.epoch_batch_losses.data(), checkpoint.epoch_batch_losses.size());
  write_file(where.path, out);
}

Checkpoint load_checkpoint(const Checkpointing& where, Optimizer& optimizer) {
  const std::string bytes = read_file(where.path);
  auto bad = [&](const std::string& why) {
    return Error(fmt::format("checkpoint {}: {} (delete it to train from the start)", where.path, why));
  };
  size_t at = 0;
  auto line = [&] {
    const size_t end = bytes.find('\n', at);
    if (end == std::string::npos) throw bad("truncated header");
    std::string text = bytes.substr(at, end - at);
    at = end + 1;
    return text;
  };
  auto text_block = [&](const std::string& label) {
    std::istringstream head(line());
    std::string word;
    size_t size = 0;
    if (!(head >> word >> size) || word != label || at + size + 1 > bytes.size()) throw bad("malformed " + label);
    std::string text = bytes.substr(at, size);
    at += size + 1;
    return text;
  };
  if (line() != kMagic) throw bad("not a memo checkpoint");
  if (const std::string identity = text_block("identity"); identity != where.identity)
    throw bad(fmt::format("written by another training ('{}', this one is '{}')", identity, where.identity));
  std::string word, name, steps_word;
  long steps = 0, epoch = 0;
  std::istringstream(line()) >> word >> name >> steps_word >> steps;
  if (name != optimizer_name(optimizer.config())) throw bad(fmt::format("written by {}, not {}", name, optimizer_name(optimizer.config())));
  std::istringstream(line()) >> word >> epoch;
  const std::string rng_text = text_block("rng");
  size_t count = 0;
  std::istringstream(line()) >> word >> count;
  const size_t params = optimizer.params().size();
  if (word != "matrices" || count != 3 * params)
    throw bad(fmt::format("{} matrices, this training has {} parameters and their state", count, params));
  std::vector<std::pair<Eigen::Index, Eigen::Index>> shapes(count);
  for (auto& [rows, cols] : shapes) std::istringstream(line()) >> rows >> cols;
  size_t history = 0, batches = 0;
  std::istringstream(line()) >> word >> history;
  if (word != "history") throw bad("malformed header");
  std::string next = line();
  if (next.rfind("batches ", 0) == 0) {
    std::istringstream(next) >> word >> batches;
    next = line();
  }
  if (next != "data") throw bad("malformed header");
  size_t doubles = history + batches;
  for (const auto& [rows, cols] : shapes) doubles += static_cast<size_t>(rows * cols);
  if (bytes.size() - at != doubles * sizeof(double)) throw bad("truncated data");

  auto take = [&](double* data, size_t n) {
    if (n == 0) return;  // an empty history has data() == nullptr, which memcpy may not be given
    std::memcpy(data, bytes.data() + at, n * sizeof(double));
    at += n * sizeof(double);
  };
  auto take_matrix = [&](size_t i) {
    Mat m(shapes[i].first, shapes[i].second);
    take(m.data(), static_cast<size_t>(m.size()));
    return m;
  };
  std::vector<Mat> values;
  for (size_t i = 0; i < params; ++i) {
    const Mat& current = optimizer.params()[i]->value;
    if (shapes[i].first != current.rows() || shapes[i].second != current.cols())
      throw bad(fmt::format("parameter {} is {}×{} there, {}×{} here", i, shapes[i].first, shapes[i].second,
                            current.rows(), current.cols()));
    values.push_back(take_matrix(i));
  }
  std::vector<Optimizer::State> state(params);
  for (size_t i = 0; i < params; ++i) {
    state[i].first = take_matrix(params + 2 * i);
    state[i].second = take_matrix(params + 2 * i + 1);
  }
  Checkpoint checkpoint;
  checkpoint.epoch = epoch;
  checkpoint.loss_history.resize(history);
  take(checkpoint.loss_history.data(), history);
  checkpoint.epoch_batch_losses.resize(batches);
  take(checkpoint.epoch_batch_losses.data(), batches);

  for (size_t i = 0; i < params; ++i) optimizer.params()[i]->value = std::move(values[i]);
  optimizer.restore(std::move(state), steps);
  if (where.rng) {
    std::istringstream rng(rng_text);
    if (!(rng >> *where.rng)) throw bad("malformed generator state");
  }
  return checkpoint;
}

}  // namespace memo
