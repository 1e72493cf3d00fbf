#include "util/parse_number.hpp"

#include <cctype>
#include <charconv>
#include <limits>
#include <locale>
#include <sstream>
#include <string>

namespace udplab::util {

std::optional<double> parse_double(std::string_view text) {
  if (text.empty()) return std::nullopt;
#if defined(__cpp_lib_to_chars)
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
#else
  // libc++ before LLVM 20 (Apple's clang among them) has no floating-point from_chars. A stream
  // in the classic locale reads the same digits the same way; the checks around it give the
  // from_chars grammar (no sign '+', no spaces, no hexadecimal, nothing left over).
  const char first = text.front();
  if (first == '+' || first == ' ' || first == '\t' || first == '\n') return std::nullopt;
  if (text.find_first_of("xX") != std::string_view::npos) return std::nullopt;
  std::istringstream in{std::string(text)};
  in.imbue(std::locale::classic());
  double value = 0;
  in >> value;
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) {
    // Streams do not read "inf" and "nan" (any case, as from_chars takes them).
    std::string body(first == '-' ? text.substr(1) : text);
    for (char& c : body) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const double sign = first == '-' ? -1.0 : 1.0;
    if (body == "inf" || body == "infinity") return sign * std::numeric_limits<double>::infinity();
    if (body == "nan") return std::numeric_limits<double>::quiet_NaN();
    return std::nullopt;
  }
  return value;
#endif
}

}  // namespace udplab::util
