// An experiment's settings as flags: every field of a settings struct is a flag of the same
// name, a named preset gives the starting values, and a value given on the command line always
// wins over the preset. Each settings struct lists its fields once,
//
//   template <typename Field> void fields(Field&& field) {
//     field("depth", depth, "hidden layers", at_least(1));
//     field("act", act, "activation");
//   }
//
// and that one list serves the flags, their --help text (with each preset's value), the
// validation of presets and flags alike, and the settings block of summary.json.
#pragma once
#include <CLI/CLI.hpp>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <limits>
#include <map>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "lib/cli/cli.hpp"
#include "lib/cli/parse.hpp"
#include "lib/core/types.hpp"

namespace memo {

// The allowed range of a numeric field (of every entry, for a list).
struct Bounds {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
};
inline Bounds at_least(double lo) { return {lo, std::numeric_limits<double>::infinity()}; }
inline Bounds within(double lo, double hi) { return {lo, hi}; }
inline Bounds positive() { return {std::numeric_limits<double>::min(), std::numeric_limits<double>::infinity()}; }

namespace settings_detail {

template <typename T> struct is_vector : std::false_type {};
template <typename T> struct is_vector<std::vector<T>> : std::true_type {};

inline std::string flag_name(const std::string& field) {
  std::string flag = "--" + field;
  for (char& c : flag) c = c == '_' ? '-' : c;
  return flag;
}

inline std::string describe(const Bounds& b) {
  if (std::isinf(b.lo) && std::isinf(b.hi)) return "a finite number";
  if (std::isinf(b.hi)) return b.lo == std::numeric_limits<double>::min() ? "a positive number" : fmt::format("at least {:g}", b.lo);
  if (std::isinf(b.lo)) return fmt::format("at most {:g}", b.hi);
  return fmt::format("between {:g} and {:g}", b.lo, b.hi);
}

inline void check_number(const std::string& field, double value, const Bounds& b, bool whole) {
  const bool ok = std::isfinite(value) && value >= b.lo && value <= b.hi && (!whole || value == std::floor(value));
  if (!ok)
    throw Error(fmt::format("{} {:g}: expected {}{}", flag_name(field), value, whole ? "a whole number, " : "",
                            describe(b)));
}

// Parses the text of one flag into a field of type T, checking it against b.
template <typename T>
T parse_value(const std::string& field, const std::string& text, const Bounds& b) {
  if constexpr (std::is_same_v<T, std::string>) {
    if (text.empty()) throw Error(flag_name(field) + ": expected a value");
    return text;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (text == "1" || text == "true" || text == "yes") return true;
    if (text == "0" || text == "false" || text == "no") return false;
    throw Error(fmt::format("{} '{}': expected true or false", flag_name(field), text));
  } else if constexpr (is_vector<T>::value) {
    T out;
    for (double v : parse_number_list(text, flag_name(field))) {
      check_number(field, v, b, std::is_integral_v<typename T::value_type>);
      out.push_back(static_cast<typename T::value_type>(v));
    }
    if (out.empty()) throw Error(flag_name(field) + ": expected a comma-separated list of numbers");
    return out;
  } else {
    const std::vector<double> v = parse_number_list(text, flag_name(field));
    if (v.size() != 1) throw Error(fmt::format("{} '{}': expected one number", flag_name(field), text));
    check_number(field, v[0], b, std::is_integral_v<T>);
    // a double holds every whole number up to 2^53 exactly; larger ones are refused
    if (std::is_integral_v<T> && std::abs(v[0]) > 9007199254740992.0)
      throw Error(fmt::format("{} {:g}: too large", flag_name(field), v[0]));
    return static_cast<T>(v[0]);
  }
}

template <typename T>
void check_value(const std::string& field, const T& value, const Bounds& b) {
  if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
    check_number(field, static_cast<double>(value), b, std::is_integral_v<T>);
  } else if constexpr (is_vector<T>::value) {
    for (const auto& v : value) check_number(field, static_cast<double>(v), b, std::is_integral_v<typename T::value_type>);
  }
}

template <typename T>
std::string show(const T& value) {
  if constexpr (std::is_same_v<T, std::string>) return value;
  else if constexpr (std::is_same_v<T, bool>) return value ? "true" : "false";
  else if constexpr (is_vector<T>::value) return fmt::format("{}", fmt::join(value, ","));
  else if constexpr (std::is_floating_point_v<T>) return fmt::format("{:g}", value);
  else return fmt::format("{}", value);
}

template <typename T>
const char* type_name() {
  if constexpr (std::is_same_v<T, std::string>) return "TEXT";
  else if constexpr (std::is_same_v<T, bool>) return "BOOL";
  else if constexpr (is_vector<T>::value) return "LIST";
  else if constexpr (std::is_integral_v<T>) return "INT";
  else return "FLOAT";
}

}  // namespace settings_detail

// The settings as a JSON object, field by field (summary.json, and what a sweep folder keeps).
template <typename Settings>
Json settings_json(Settings settings) {
  Json out = Json::object();
  settings.fields([&](const std::string& name, const auto& value, const std::string&, Bounds = {}) {
    out[name] = value;
  });
  return out;
}

// Checks every field of `settings` against its bounds (Error naming the flag otherwise).
template <typename Settings>
void check_settings(Settings settings) {
  settings.fields([&](const std::string& name, const auto& value, const std::string&, Bounds b = {}) {
    settings_detail::check_value(name, value, b);
  });
}

// The flags of a settings struct on `app`, and the presets they start from.
template <typename Settings>
class SettingsFlags {
 public:
  SettingsFlags(CLI::App& app, std::vector<std::pair<std::string, Settings>> presets)
      : app_(app), presets_(std::move(presets)) {
    Settings probe = presets_.front().second;
    probe.fields([&](const std::string& name, const auto& value, const std::string& help, Bounds = {}) {
      using T = std::decay_t<decltype(value)>;
      std::string text = help + " (";
      for (size_t p = 0; p < presets_.size(); ++p) {
        std::string shown;
        presets_[p].second.fields([&](const std::string& other, const auto& v, const std::string&, Bounds = {}) {
          if (other == name) shown = settings_detail::show(v);
        });
        text += fmt::format("{}{}: {}", p ? ", " : "", presets_[p].first, shown);
      }
      text += ")";
      app_.add_option(settings_detail::flag_name(name), given_[name], text)->type_name(settings_detail::type_name<T>());
    });
  }

  std::vector<std::string> preset_names() const {
    std::vector<std::string> names;
    for (const auto& p : presets_) names.push_back(p.first);
    return names;
  }

  // The preset's values, then every flag given on the command line; all of it validated.
  Settings resolve(const std::string& preset) const {
    const auto it = std::find_if(presets_.begin(), presets_.end(), [&](const auto& p) { return p.first == preset; });
    if (it == presets_.end())
      throw Error(fmt::format("--preset '{}': expected one of {}", preset, fmt::join(preset_names(), ", ")));
    Settings s = it->second;
    s.fields([&](const std::string& name, auto& value, const std::string&, Bounds b = {}) {
      using T = std::decay_t<decltype(value)>;
      if (app_.count(settings_detail::flag_name(name)) > 0)
        value = settings_detail::parse_value<T>(name, given_.at(name), b);
      settings_detail::check_value(name, value, b);
    });
    return s;
  }

 private:
  CLI::App& app_;
  std::vector<std::pair<std::string, Settings>> presets_;
  std::map<std::string, std::string> given_;
};

}  // namespace memo
