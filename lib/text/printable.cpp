#include "text/printable.hpp"

#include <algorithm>
#include <cstdint>

namespace udplab::text {
namespace {

unsigned byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }
bool continuation(unsigned b) { return (b & 0xC0u) == 0x80u; }

// Decodes the valid sequence of `len` bytes at the start of `s`.
std::uint32_t decode(std::string_view s, std::size_t len) {
  const unsigned lead = byte_at(s, 0);
  std::uint32_t cp = len == 1 ? lead : len == 2 ? (lead & 0x1Fu) : len == 3 ? (lead & 0x0Fu) : (lead & 0x07u);
  for (std::size_t i = 1; i < len; ++i) cp = (cp << 6) | (byte_at(s, i) & 0x3Fu);
  return cp;
}

// Characters that render as nothing, or that change how the rest of the line is drawn.
bool invisible(std::uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) ||      // C1 controls (0x9B is a CSI on some terminals)
         cp == 0x061C ||                    // Arabic letter mark
         (cp >= 0x200B && cp <= 0x200F) ||  // zero-width space/joiners, LRM, RLM
         (cp >= 0x2028 && cp <= 0x202E) ||  // line/paragraph separators, bidi embeddings and overrides
         (cp >= 0x2060 && cp <= 0x2069) ||  // word joiner, invisible operators, bidi isolates
         cp == 0xFEFF;                      // byte-order mark / zero-width no-break space
}

// Hand-written rather than snprintf: every byte of a peer's garbage may need an escape, and a
// format call per byte costs far more than the escape itself.
void append_hex(std::string& out, unsigned v, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += kHex[(v >> shift) & 0xFu];
}

void append_hex_byte(std::string& out, unsigned b) {
  out += "\\x";
  append_hex(out, b, 2);
}

// Controls, DEL and invisible characters are escaped; every other valid character is shown as is.
bool needs_escape(std::uint32_t cp) { return cp < 0x20 || cp == 0x7F || invisible(cp); }

}  // namespace

std::size_t utf8_sequence_length(std::string_view s) {
  if (s.empty()) return 0;
  const unsigned b0 = byte_at(s, 0);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte (RFC 3629 table)
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;  // no overlong forms
    if (b0 == 0xED) hi = 0x9F;  // no UTF-16 surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;  // no overlong forms
    if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;  // a continuation byte, C0/C1 overlong leads, or F5-FF
  }
  if (s.size() < len) return 0;
  const unsigned b1 = byte_at(s, 1);
  if (b1 < lo || b1 > hi) return 0;
  for (std::size_t i = 2; i < len; ++i)
    if (!continuation(byte_at(s, i))) return 0;
  return len;
}

std::string printable(std::string_view s, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(s.size(), max_bytes));
  std::size_t i = 0;
  std::size_t shown_from = 0;  // start of the run of characters shown as they are, not yet copied
  while (i < s.size()) {
    const std::string_view rest = s.substr(i);
    const std::size_t len = utf8_sequence_length(rest);
    if (i + std::max<std::size_t>(len, 1) > max_bytes) {
      out.append(s.substr(shown_from, i - shown_from));
      out += "...";
      return out;
    }
    if (len > 0 && !needs_escape(decode(rest, len))) {
      i += len;
      continue;
    }
    out.append(s.substr(shown_from, i - shown_from));
    if (len == 0) {
      append_hex_byte(out, byte_at(s, i));
      shown_from = ++i;
      continue;
    }
    const std::uint32_t cp = decode(rest, len);
    if (cp < 0x20 || cp == 0x7F) {
      switch (cp) {
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case 0x1B: out += "\\e"; break;
        default: append_hex_byte(out, cp); break;
      }
    } else {
      out += "\\u{";
      append_hex(out, cp, 4);  // invisible() holds nothing above U+FFFF
      out += '}';
    }
    i += len;
    shown_from = i;
  }
  out.append(s.substr(shown_from));
  return out;
}

std::string printable(std::string_view s) { return printable(s, std::string_view::npos); }

std::string printable(std::span<const std::byte> bytes) {
  return printable(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

// printable(s) == s without building the copy: an escape never equals the bytes it stands for.
bool is_printable(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = utf8_sequence_length(s.substr(i));
    if (len == 0 || needs_escape(decode(s.substr(i), len))) return false;
    i += len;
  }
  return true;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) {
    const std::size_t len = utf8_sequence_length(s.substr(i));
    i += len == 0 ? 1 : len;
  }
  return n;
}

}  // namespace udplab::text
