// CSV tables: a header row, then one row per record. Written atomically (see write_file).
#pragma once
#include <string>
#include <variant>
#include <vector>
#include "lib/core/types.hpp"

namespace memo {

class CsvTable {
 public:
  using Cell = std::variant<double, long, std::string>;
  CsvTable() = default;  // no columns yet: an experiment without results.csv
  explicit CsvTable(std::vector<std::string> columns);
  void add_row(std::vector<Cell> row);  // throws when the row length differs from the header
  std::string str() const;
  void write(const std::string& path) const;
  size_t rows() const { return rows_.size(); }
  size_t columns() const { return columns_.size(); }

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<Cell>> rows_;
};

// A matrix as CSV, one line per row, no header (for quick plotting).
std::string matrix_csv(const Mat& m);
void write_matrix_csv(const std::string& path, const Mat& m);

}  // namespace memo
