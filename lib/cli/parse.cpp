#include "lib/cli/parse.hpp"

#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include "lib/core/types.hpp"

namespace memo {
bool read_finite(const std::string& text, double& value) {
  size_t used = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    return false;
  }
  return used > 0 && used == text.size() && std::isfinite(value);
}

std::vector<double> parse_number_list(const std::string& list, const std::string& what) {
  std::vector<double> out;
  for (size_t start = 0; start <= list.size();) {
    const auto comma = list.find(',', start);
    const std::string item = list.substr(start, comma - start);
    double value = 0;
    if (!read_finite(item, value)) throw Error(fmt::format("{}: '{}' is not a number", what, item));
    out.push_back(value);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

uint64_t parse_seed(const std::string& text, const std::string& what) {
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    throw Error(fmt::format("{} '{}': expected a whole number from 0 to 18446744073709551615", what, text));
  return value;
}

}  // namespace memo
