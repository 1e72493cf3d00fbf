// libFuzzer target: text::printable, through which every byte a peer chooses reaches the terminal
// (chat messages and nicks, broadcast payloads, request replies, discovery names).
//
// utf8_sequence_length agrees at every position with a decoder written here from RFC 3629's
// definition (the code point's range by length: no overlong form, no surrogate, nothing above
// U+10FFFF), not from its table. printable()'s output is valid UTF-8 with no C0 control, DEL, C1
// control, bidi or invisible format character in it; it is printable (so printing it again changes
// nothing); printable(s) == s exactly when is_printable(s); the byte and text overloads agree.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "fuzz_script.hpp"
#include "text/printable.hpp"

namespace text = udplab::text;

namespace {

// The length of the valid UTF-8 sequence at the start of s (0: none), and its code point.
std::size_t reference_length(std::string_view s, std::uint32_t& cp) {
  if (s.empty()) return 0;
  const auto b0 = static_cast<unsigned char>(s[0]);
  std::size_t len;
  std::uint32_t min;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, min = 0x80, cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, min = 0x800, cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (s.size() < len) return 0;
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool shown_as_is(std::uint32_t cp) {
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return false;  // C0, DEL, C1
  if (cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
      (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF)  // bidi marks, embeddings, isolates; zero-width; BOM
    return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  for (std::size_t i = 0; i < size; ++i) {
    std::uint32_t cp = 0;
    CHECK(text::utf8_sequence_length(s.substr(i)) == reference_length(s.substr(i), cp));
  }
  const std::string out = text::printable(s);
  CHECK(text::printable(std::as_bytes(std::span(data, size))) == out);
  for (std::size_t i = 0; i < out.size();) {
    std::uint32_t cp = 0;
    const std::size_t len = reference_length(std::string_view(out).substr(i), cp);
    CHECK(len > 0);
    CHECK(shown_as_is(cp));
    i += len;
  }
  CHECK(text::is_printable(out));
  CHECK(text::printable(out) == out);
  CHECK(text::is_printable(s) == (out == s));
  CHECK(text::code_points(s) <= size);
  return 0;
}
