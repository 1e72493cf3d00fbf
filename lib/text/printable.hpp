// Untrusted bytes made safe to print on a terminal.
//
// Peers choose the bytes of chat messages, broadcast payloads, request replies and discovery
// names. Printed raw they could move the cursor, clear the screen, retitle the window, hide or
// reverse text (ESC and C1 sequences, bidirectional overrides), fake a line from someone else (an
// embedded newline) or upset the terminal's UTF-8 decoder. printable() keeps valid, visible UTF-8
// as it is and shows everything else as a visible escape:
//   \t \n \r \e          tab, line feed, carriage return, escape
//   \xNN                 other C0 control bytes, DEL, and every byte that is not valid UTF-8
//                        (stray continuation bytes, overlong forms, surrogates, > U+10FFFF)
//   \u{NNNN}             C1 controls (U+0080-U+009F) and invisible format characters: zero-width
//                        characters, bidi embeddings/overrides/isolates, line/paragraph separators,
//                        the byte-order mark
// Pure functions, no locale: the result is the same on every machine.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace udplab::text {

std::string printable(std::string_view bytes);
// printable() of the characters that lie wholly within the first `max_bytes` bytes, followed by
// "..." when some were left out: for text a peer can make as long as a datagram.
std::string printable(std::string_view bytes, std::size_t max_bytes);
std::string printable(std::span<const std::byte> bytes);

// True when printable(s) == s: valid UTF-8 with nothing to escape.
bool is_printable(std::string_view s);

// The length (1-4) of the valid UTF-8 sequence at the start of `s`, or 0 when it does not start
// with one (empty, invalid, or cut short).
std::size_t utf8_sequence_length(std::string_view s);

// Code points in valid UTF-8 `s` (invalid bytes count one each): the columns a line takes on a
// terminal, ignoring double-width characters.
std::size_t code_points(std::string_view s);

}  // namespace udplab::text
