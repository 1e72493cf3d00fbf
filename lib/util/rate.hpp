// Data rates as tc writes them: "10mbit", "1.5gbit", "500kbit", "125kbps" (bytes per second),
// "64kibit" (binary prefixes). A bare number is bits per second.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace udplab::util {

std::expected<std::uint64_t, std::string> parse_rate(std::string_view text);  // bits per second
std::string format_rate(std::uint64_t bits_per_second);                       // "10mbit"

}  // namespace udplab::util
