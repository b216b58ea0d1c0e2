// results.csv: one line per run in canonical order (point, then repetition), the point's
// settings first, then "repetition", then the run's columns.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "lib/cli/cli.hpp"

namespace memo::sweep {

// The point's keys (non-scalar values as their JSON text), "repetition", then the row's
// columns; throws Error when a column name is both a setting and a result.
Json full_row(const Json& point, int repetition, const Json& row);

// The full rows of every journalled run, in canonical order.
std::vector<Json> canonical_rows(const std::vector<Json>& points, int repetitions,
                                 const std::map<long, Json>& journal);

// Every row must have the columns of the first, in the same order.
void write_results_csv(const std::string& path, const std::vector<Json>& rows);

}  // namespace memo::sweep
