// Durations as people write them: "250ms", "1.5s", "20us", "100ns", "2m", "1h". A bare number
// means seconds (so `--interval 0.2` works as it does for ping).
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "transport/time.hpp"

namespace udplab::util {

std::expected<Duration, std::string> parse_duration(std::string_view text);
// Exact, in the largest unit that fits: "1.5s", "250ms", "20us", "1.000001ms".
std::string format_duration(Duration d);

}  // namespace udplab::util
