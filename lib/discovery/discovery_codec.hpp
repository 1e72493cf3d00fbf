// The discovery probe and reply: how `udplab discover` finds udplab servers on a segment.
//
// Probe, exactly 128 bytes:              Reply, at most 128 bytes:
//    0  4  magic "UDLD"                     0  4  magic "UDLD"
//    4  1  version 1                        4  1  version 1
//    5  1  type 1 (probe)                   5  1  type 2 (reply)
//    6  2  zero                             6  2  zero
//    8  8  nonce (random per run)           8  8  the probe's nonce
//   16  4  probe number, from 1            16  4  the probe's number
//   20 108 zero                            20  1  role: 1 echo server, 2 chat room, 3 responder
//                                          21  1  name length N (1-64)
//                                          22  N  name (printable UTF-8)
//                                        22+N  1  version length V (1-32)
//                                        23+N  V  version (printable UTF-8)
// Integers are big-endian; nothing may follow the last field.
//
// The probe is padded so that no reply is larger than the probe that asked for it: a spoofed
// probe cannot make a responder send a victim more bytes than the attacker sent (QUIC's
// anti-amplification rule, RFC 9000 section 8, with a factor of 1 instead of 3).
//
// Decoding is strict and returns errors as values (a peer's bad datagram); building an Identity
// from bad local input is a different error (our own misuse), reported as text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace udplab::discovery {

inline constexpr std::size_t kProbeSize = 128;
inline constexpr std::size_t kMaxName = 64;
inline constexpr std::size_t kMaxVersion = 32;

enum class Role : std::uint8_t { echo_server = 1, chat_room = 2, responder = 3 };
std::string_view to_string(Role r);

// Who answers: checked at construction, so every Identity encodes.
class Identity {
 public:
  // Fails (with a message for the user) when a field is empty, too long or not printable UTF-8.
  static std::expected<Identity, std::string> make(Role role, std::string name, std::string version);
  Role role() const { return role_; }
  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  friend bool operator==(const Identity&, const Identity&) = default;

 private:
  Identity() = default;
  Role role_ = Role::responder;
  std::string name_, version_;
};

struct Probe {
  std::uint64_t nonce = 0;
  std::uint32_t seq = 0;
  // Fills what would be tail padding: libc++ 16's std::expected keeps its has-value flag in the
  // tail padding of the value, and copying a Probe into one overwrote the flag (LLVM issue 68552,
  // fixed in libc++ 18). Always 0, not on the wire.
  std::uint32_t unused = 0;
  friend bool operator==(const Probe&, const Probe&) = default;
};
static_assert(sizeof(Probe) == 16, "Probe must have no tail padding (see above)");

struct Reply {
  Probe probe;
  Identity identity;
};

enum class DecodeError {
  too_short,         // shorter than a header
  bad_magic,         // not a discovery datagram at all
  bad_version,
  unknown_type,
  wrong_type,        // a reply where a probe was expected, or the reverse
  bad_size,          // a probe that is not exactly kProbeSize bytes
  nonzero_padding,   // reserved or padding bytes that are not zero
  bad_role,
  bad_name,          // empty, too long, cut short, or not printable UTF-8
  bad_version_text,
  trailing_bytes,
};
std::string_view to_string(DecodeError e);

std::vector<std::byte> encode_probe(const Probe& probe);
std::expected<Probe, DecodeError> decode_probe(std::span<const std::byte> datagram);
std::vector<std::byte> encode_reply(const Reply& reply);
std::expected<Reply, DecodeError> decode_reply(std::span<const std::byte> datagram);

// For servers: the reply to send when `datagram` is a valid probe, or nothing.
std::optional<std::vector<std::byte>> answer_probe(std::span<const std::byte> datagram, const Identity& identity);

}  // namespace udplab::discovery
