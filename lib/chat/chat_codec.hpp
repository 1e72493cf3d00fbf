// The chat datagrams, between peers and between members and a chat room.
//
// Every datagram starts with "UDLC", version 1, and a type byte; integers are big-endian, texts
// carry a length prefix, and nothing may follow the last field:
//
//   1 hello    nick                            join a room / "I am here" (also the keepalive)
//   2 text     session u64, seq u64, nick,     one chat message; the room relays it with the
//              text (u16 length, 1-1000 bytes)  sender's nick, session and seq unchanged
//   3 list     -                               ask for the member list
//   4 members  total u16, count u8, nicks      the member list (as many names as fit)
//   5 notice   kind u8, nick                   welcome (your nick), joined, left, timed out, full
//   6 leave    -                               goodbye
//
// A nick is 0-32 bytes (empty: "give me one") with a u8 length. `seq` counts a sender's messages
// from 1, so receivers see gaps (loss) and late arrivals (reordering); `session` is random per run,
// so a restarted sender is not mistaken for a flood of old messages.
//
// Decoding is strict: errors are values naming what was wrong (a peer's bad datagram). Encoding a
// message that breaks the limits is our own bug: check() says why, encode() throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace udplab::chat {

inline constexpr std::size_t kMaxNick = 32;
inline constexpr std::size_t kMaxText = 1000;
// The largest datagram encode() makes: under the 1232 bytes a datagram may carry without IPv6
// fragmentation (1280-byte minimum MTU), so no chat message is ever fragmented.
inline constexpr std::size_t kMaxDatagram = 1200;

namespace msg {
struct Hello {
  std::string nick;
  friend bool operator==(const Hello&, const Hello&) = default;
};
struct Text {
  std::uint64_t session = 0;
  std::uint64_t seq = 0;  // from 1
  std::string nick;
  std::string text;
  friend bool operator==(const Text&, const Text&) = default;
};
struct List {
  friend bool operator==(const List&, const List&) = default;
};
struct Members {
  std::uint16_t total = 0;          // members in the room
  std::vector<std::string> nicks;   // the first ones, as many as fit in a datagram
  friend bool operator==(const Members&, const Members&) = default;
};
enum class NoticeKind : std::uint8_t { welcome = 1, joined = 2, left = 3, timed_out = 4, room_full = 5 };
struct Notice {
  NoticeKind kind = NoticeKind::welcome;
  std::string nick;
  friend bool operator==(const Notice&, const Notice&) = default;
};
struct Leave {
  friend bool operator==(const Leave&, const Leave&) = default;
};
}  // namespace msg

using Message = std::variant<msg::Hello, msg::Text, msg::List, msg::Members, msg::Notice, msg::Leave>;

enum class DecodeError {
  too_short,
  bad_magic,
  bad_version,
  unknown_type,
  cut_short,      // a length field points past the end
  nick_too_long,
  empty_nick,     // in a member list, where every member has a name
  empty_text,
  text_too_long,
  zero_sequence,
  bad_notice,
  trailing_bytes,
};
std::string_view to_string(DecodeError e);

std::expected<Message, DecodeError> decode(std::span<const std::byte> datagram);

// Why `m` cannot be encoded (a nick or text over its limit, seq 0, ...), or nothing.
std::optional<std::string> check(const Message& m);
// Encodes `m`; throws std::invalid_argument when check(m) fails. A Members list is cut to what fits
// in kMaxDatagram (its total stays).
std::vector<std::byte> encode(const Message& m);

}  // namespace udplab::chat
