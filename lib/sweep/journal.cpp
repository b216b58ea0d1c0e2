#include "lib/sweep/journal.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <fmt/format.h>
#include <unistd.h>

#include "lib/core/types.hpp"
#include "lib/io/npy.hpp"

namespace memo::sweep {

Json normalized_row(const Json& row) {
  if (!row.is_object()) throw Error(fmt::format("a sweep run returned {}, expected a JSON object", row.dump()));
  Json out = Json::object();
  for (const auto& [key, value] : row.items()) {
    if (value.is_number_float() && !std::isfinite(value.get<double>())) {
      const double v = value.get<double>();
      out[key] = std::isnan(v) ? "nan" : v > 0 ? "inf" : "-inf";
    } else if (value.is_number() || value.is_string() || value.is_boolean()) {
      out[key] = value;
    } else {
      throw Error(fmt::format("a sweep run returned column '{}' = {}, expected a number, string or bool",
                              key, value.dump()));
    }
  }
  return out;
}

std::string journal_line(RunIndex run, const Json& row, RunTime time) {
  Json line = Json::object();
  line["point"] = run.point;
  line["repetition"] = run.repetition;
  line["row"] = normalized_row(row);
  if (time.seconds >= 0) line["seconds"] = time.seconds;
  if (time.cpu_seconds >= 0) line["cpu_seconds"] = time.cpu_seconds;
  return line.dump() + '\n';
}

std::map<long, Json> read_journal(const std::string& path, long points, int repetitions, bool repair) {
  std::map<long, Json> rows;
  if (!std::filesystem::exists(path)) return rows;
  const std::string text = read_file(path);
  const size_t complete = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
  size_t begin = 0;
  for (long number = 1; begin < complete; ++number) {
    const size_t end = text.find('\n', begin);
    const std::string line = text.substr(begin, end - begin);
    begin = end + 1;
    auto bad = [&](const std::string& why) {
      return Error(fmt::format("{} line {}: {} (remove the line, or use --fresh to start over)", path, number, why));
    };
    const Json entry = Json::parse(line, nullptr, false);
    if (entry.is_discarded() || !entry.is_object() || !entry.contains("point") || !entry.contains("repetition") ||
        !entry.contains("row") || !entry["point"].is_number_integer() || !entry["repetition"].is_number_integer())
      throw bad("not a journal entry {\"point\":…,\"repetition\":…,\"row\":{…}}");
    const long point = entry["point"].get<long>();
    const long repetition = entry["repetition"].get<long>();
    if (point < 0 || point >= points || repetition < 0 || repetition >= repetitions)
      throw bad(fmt::format("run (point {}, repetition {}) is outside this sweep of {} points × {} repetitions",
                            point, repetition, points, repetitions));
    const long index = point * repetitions + repetition;
    const Json row = normalized_row(entry["row"]);
    const auto [it, inserted] = rows.emplace(index, row);
    if (!inserted && it->second != row)
      throw bad(fmt::format("run (point {}, repetition {}) is journalled twice with different rows", point, repetition));
  }
  if (repair && complete < text.size()) std::filesystem::resize_file(path, complete);
  return rows;
}

JournalWriter::JournalWriter(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error(fmt::format("{}: cannot open the journal ({})", path, std::strerror(errno)));
  // Two processes appending to one folder would both run the missing runs; the lock goes with
  // the process, so a killed sweep leaves none behind.
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    fd_ = -1;
    throw Error(fmt::format("{}: another sweep is writing to this folder", path));
  }
}

JournalWriter::~JournalWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void JournalWriter::append(const std::string& line) {
  size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(fmt::format("{}: cannot append to the journal ({})", path_, std::strerror(errno)));
    written += static_cast<size_t>(n);
  }
}

}  // namespace memo::sweep
