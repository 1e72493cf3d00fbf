#include "util/rate.hpp"

#include <cctype>
#include <cmath>

#include "util/parse_number.hpp"

namespace udplab::util {

std::expected<std::uint64_t, std::string> parse_rate(std::string_view text) {
  const auto fail = [&] {
    return std::unexpected("invalid rate '" + std::string(text) +
                           "' (expected a number with a unit: bit, kbit, mbit, gbit, bps, kbps, mbps, gbps, like 10mbit)");
  };
  std::size_t i = 0;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
  if (i == 0) return fail();
  const auto number = parse_double(text.substr(0, i));
  if (!number) return fail();
  const double value = *number;
  std::string unit(text.substr(i));
  for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  struct Unit {
    const char* name;
    double bits;
  };
  static constexpr Unit units[] = {
      {"", 1},        {"bit", 1},          {"kbit", 1e3},          {"mbit", 1e6},          {"gbit", 1e9},
      {"tbit", 1e12}, {"kibit", 1024.0},   {"mibit", 1048576.0},   {"gibit", 1073741824.0}, {"bps", 8},
      {"kbps", 8e3},  {"mbps", 8e6},       {"gbps", 8e9},          {"tbps", 8e12},
  };
  for (const auto& u : units) {
    if (unit != u.name) continue;
    const double bits = value * u.bits;
    if (!(bits >= 1) || bits > 1e18) return std::unexpected("rate '" + std::string(text) + "' is out of range (1 bit/s to 1e18 bit/s)");
    return static_cast<std::uint64_t>(std::llround(bits));
  }
  return fail();
}

std::string format_rate(std::uint64_t bps) {
  struct Unit {
    std::uint64_t div;
    const char* name;
  };
  static constexpr Unit units[] = {{1'000'000'000'000ull, "tbit"}, {1'000'000'000ull, "gbit"}, {1'000'000ull, "mbit"}, {1'000ull, "kbit"}};
  for (const auto& u : units)
    if (bps >= u.div && bps % u.div == 0) return std::to_string(bps / u.div) + u.name;
  return std::to_string(bps) + "bit";
}

}  // namespace udplab::util
