// Decimal numbers from text, the same on every platform and in every locale.
#pragma once

#include <optional>
#include <string_view>

namespace udplab::util {

// The whole of `text` as a double ("0.05", "1e-3", "-2"), or nothing: no leading spaces or '+',
// no trailing characters, no hexadecimal. "inf" and "nan" parse; callers that need a finite
// number check it.
std::optional<double> parse_double(std::string_view text);

}  // namespace udplab::util
