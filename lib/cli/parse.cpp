#include "lib/cli/parse.hpp"

#include <cmath>
#include <fmt/format.h>

#include "lib/core/types.hpp"

namespace memo {

std::vector<double> parse_number_list(const std::string& list, const std::string& what) {
  std::vector<double> out;
  for (size_t start = 0; start <= list.size();) {
    const auto comma = list.find(',', start);
    const std::string item = list.substr(start, comma - start);
    size_t used = 0;
    double value = 0;
    try {
      value = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() || !std::isfinite(value))
      throw Error(fmt::format("{}: '{}' is not a number", what, item));
    out.push_back(value);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace memo
