#include "lib/io/csv.hpp"

#include <fmt/format.h>

#include "lib/io/npy.hpp"

namespace memo {
namespace {

std::string quote(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Shortest text that reads back as the same double.
std::string cell_text(const CsvTable::Cell& cell) {
  if (const auto* d = std::get_if<double>(&cell)) return fmt::format("{}", *d);
  if (const auto* l = std::get_if<long>(&cell)) return fmt::format("{}", *l);
  return quote(std::get<std::string>(cell));
}

}  // namespace

CsvTable::CsvTable(std::vector<std::string> columns) : columns_(std::move(columns)) {}

void CsvTable::add_row(std::vector<Cell> row) {
  if (row.size() != columns_.size())
    throw Error(fmt::format("CSV row has {} cells, header has {}", row.size(), columns_.size()));
  rows_.push_back(std::move(row));
}

std::string CsvTable::str() const {
  std::string out;
  for (size_t i = 0; i < columns_.size(); ++i) out += (i ? "," : "") + quote(columns_[i]);
  out += '\n';
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + cell_text(row[i]);
    out += '\n';
  }
  return out;
}

void CsvTable::write(const std::string& path) const { write_file(path, str()); }

std::string matrix_csv(const Mat& m) {
  std::string out;
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) out += fmt::format("{}{}", j ? "," : "", m(i, j));
    out += '\n';
  }
  return out;
}

void write_matrix_csv(const std::string& path, const Mat& m) { write_file(path, matrix_csv(m)); }

}  // namespace memo
