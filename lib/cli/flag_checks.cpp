#include "lib/cli/flag_checks.hpp"

#include <charconv>
#include <fmt/format.h>

#include "lib/cli/parse.hpp"
#include "lib/core/types.hpp"

namespace memo {

CLI::Validator finite_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double value = 0;
        return read_finite(text, value) ? "" : fmt::format("'{}' is not a finite number", text);
      },
      "NUMBER");
}

CLI::Validator finite_at_least(double lo) {
  return CLI::Validator(
      [lo](std::string& text) -> std::string {
        double value = 0;
        if (read_finite(text, value) && value >= lo) return "";
        return fmt::format("'{}' is not a finite number >= {:g}", text, lo);
      },
      fmt::format("NUMBER >= {:g}", lo));
}

CLI::Validator finite_above(double lo) {
  return CLI::Validator(
      [lo](std::string& text) -> std::string {
        double value = 0;
        if (read_finite(text, value) && value > lo) return "";
        return fmt::format("'{}' is not a finite number > {:g}", text, lo);
      },
      fmt::format("NUMBER > {:g}", lo));
}

CLI::Validator whole_in(long long lo, long long hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) -> std::string {
        long long value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (!text.empty() && ec == std::errc() && end == text.data() + text.size() && value >= lo && value <= hi)
          return "";
        return fmt::format("'{}' is not a whole number from {} to {}", text, lo, hi);
      },
      fmt::format("INT in [{}, {}]", lo, hi));
}

CLI::Validator seed_check() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        try {
          parse_seed(text, "seed");
        } catch (const Error& e) {
          return e.what();
        }
        return "";
      },
      "UINT64");
}

}  // namespace memo
