#include "lib/sweep/results.hpp"

#include <fmt/format.h>

#include "lib/core/types.hpp"
#include "lib/io/csv.hpp"

namespace memo::sweep {

Json full_row(const Json& point, int repetition, const Json& row) {
  Json full = Json::object();
  for (const auto& [key, value] : point.items())
    full[key] = value.is_primitive() && !value.is_null() ? value : Json(value.dump());
  if (full.contains("repetition")) throw Error("a sweep point has a setting named 'repetition', the runner's own column");
  full["repetition"] = repetition;
  for (const auto& [key, value] : row.items()) {
    if (full.contains(key))
      throw Error(fmt::format("column '{}' is both a setting of the point and a column of the run's row", key));
    full[key] = value;
  }
  return full;
}

std::vector<Json> canonical_rows(const std::vector<Json>& points, int repetitions,
                                 const std::map<long, Json>& journal) {
  std::vector<Json> rows;
  rows.reserve(journal.size());
  for (const auto& [index, row] : journal)
    rows.push_back(full_row(points[index / repetitions], static_cast<int>(index % repetitions), row));
  return rows;
}

namespace {
CsvTable::Cell cell(const Json& value) {
  if (value.is_number_float()) return value.get<double>();
  if (value.is_number()) return value.get<long>();
  if (value.is_boolean()) return std::string(value.get<bool>() ? "true" : "false");
  return value.get<std::string>();
}
}  // namespace

void write_results_csv(const std::string& path, const std::vector<Json>& rows) {
  std::vector<std::string> columns;
  if (!rows.empty())
    for (const auto& [key, value] : rows.front().items()) columns.push_back(key);
  CsvTable table(columns);
  for (size_t r = 0; r < rows.size(); ++r) {
    std::vector<CsvTable::Cell> cells;
    size_t c = 0;
    for (const auto& [key, value] : rows[r].items()) {
      if (c >= columns.size() || key != columns[c])
        throw Error(fmt::format("{}: row {} has column '{}' where the first row has '{}'", path, r + 1, key,
                                c < columns.size() ? columns[c] : std::string("none")));
      cells.push_back(cell(value));
      ++c;
    }
    if (c != columns.size())
      throw Error(fmt::format("{}: row {} has {} columns, the first row {}", path, r + 1, c, columns.size()));
    table.add_row(std::move(cells));
  }
  table.write(path);
}

}  // namespace memo::sweep
