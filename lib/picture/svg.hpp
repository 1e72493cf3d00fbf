// A few helpers for writing SVG by hand: escaping and number formatting. Pictures are plain text
// built in order, so the same run gives the same bytes.
#pragma once

#include <string>
#include <string_view>

namespace udplab::picture {

// Escapes text for XML content and attribute values.
std::string xml_escape(std::string_view text);
// A coordinate with at most one decimal, without trailing zeros ("12", "12.5").
std::string num(double v);

}  // namespace udplab::picture
