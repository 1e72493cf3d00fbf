#include "util/duration.hpp"

#include <cstdint>
#include <limits>

namespace udplab::util {

std::expected<Duration, std::string> parse_duration(std::string_view text) {
  const auto fail = [&] {
    return std::unexpected("invalid duration '" + std::string(text) +
                           "' (expected a number with a unit: ns, us, ms, s, m or h, like 250ms)");
  };
  if (text.empty()) return fail();
  // Integer and fraction parts are kept as integers: no rounding surprises from binary floats.
  std::size_t i = 0;
  std::int64_t whole = 0;
  std::int64_t frac = 0, frac_scale = 1;
  bool digits = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (whole > std::numeric_limits<std::int64_t>::max() / 10 - 10) return fail();
    whole = whole * 10 + (text[i] - '0');
    digits = true;
    ++i;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (frac_scale < 1'000'000'000'000LL) {
        frac = frac * 10 + (text[i] - '0');
        frac_scale *= 10;
      }
      digits = true;
      ++i;
    }
  }
  if (!digits) return fail();
  std::string_view unit = text.substr(i);
  std::int64_t ns_per_unit = 0;
  if (unit.empty() || unit == "s") ns_per_unit = 1'000'000'000;
  else if (unit == "ms") ns_per_unit = 1'000'000;
  else if (unit == "us" || unit == "\u00b5s") ns_per_unit = 1'000;
  else if (unit == "ns") ns_per_unit = 1;
  else if (unit == "m" || unit == "min") ns_per_unit = 60'000'000'000LL;
  else if (unit == "h") ns_per_unit = 3'600'000'000'000LL;
  else return fail();
  if (whole > std::numeric_limits<std::int64_t>::max() / ns_per_unit) return fail();
  // frac / frac_scale of a unit, in ns, computed without overflow for any unit up to an hour.
  const long double part = static_cast<long double>(frac) * static_cast<long double>(ns_per_unit) /
                           static_cast<long double>(frac_scale);
  return Duration{whole * ns_per_unit + static_cast<std::int64_t>(part + 0.5L)};
}

std::string format_duration(Duration d) {
  std::int64_t ns = d.count();
  std::string sign = ns < 0 ? "-" : "";
  if (ns < 0) ns = -ns;
  struct Unit {
    std::int64_t ns;
    const char* name;
  };
  constexpr Unit units[] = {{1'000'000'000, "s"}, {1'000'000, "ms"}, {1'000, "us"}, {1, "ns"}};
  if (ns == 0) return "0s";
  for (const auto& u : units) {
    if (ns < u.ns) continue;
    std::int64_t whole = ns / u.ns, rest = ns % u.ns;
    std::string out = sign + std::to_string(whole);
    if (rest != 0) {
      std::string frac = std::to_string(rest);
      frac.insert(0, std::to_string(u.ns).size() - 1 - frac.size(), '0');
      while (!frac.empty() && frac.back() == '0') frac.pop_back();
      out += "." + frac;
    }
    return out + u.name;
  }
  return sign + std::to_string(ns) + "ns";
}

}  // namespace udplab::util
