// TFTP packets (RFC 1350, with OACK and request options from RFC 2347): typed values and a strict
// codec. docs/tftp-protocol.md draws the byte layouts.
//
//   RRQ/WRQ  | 01/02 | filename | 0 | mode | 0 | opt1 | 0 | value1 | 0 | ... |
//   DATA     | 03 | block | payload (0..65464 bytes) |
//   ACK      | 04 | block |
//   ERROR    | 05 | code | message | 0 |
//   OACK     | 06 | opt1 | 0 | value1 | 0 | ... |
//
// decode() never reads outside its span, never throws, and accepts only what the RFCs allow, with
// two documented leniencies: the mode is case-insensitive ("OCTET"), and an ERROR message may end
// at the end of the datagram without its NUL. encode() checks its input against the same rules and
// refuses (with a tftp::usage_errc) what decode() would reject, so that whenever encode(p)
// succeeds, decode() of the bytes gives p back. The converse holds with one exception: an ERROR
// message longer than kMaxErrorMessageLength is accepted from a peer but never sent by us.
//
// Option names are kept as the peer spelled them ("BLKSIZE"): RFC 2347 makes them
// case-insensitive, so look them up with find_option(), and a server echoing a client's spelling
// in its OACK stays safe with clients that compare exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

#include "tftp/error.hpp"

namespace udplab::tftp {

enum class Opcode : std::uint16_t { rrq = 1, wrq = 2, data = 3, ack = 4, error = 5, oack = 6 };

// RFC 1350 transfer modes. "mail" is decoded (it is a valid RFC 1350 mode) so that a server can
// refuse it with an ERROR of its choosing rather than by silence; nothing here implements it.
enum class Mode : std::uint8_t { netascii, octet, mail };

std::string_view to_string(Opcode op);
std::string_view to_string(Mode mode);  // the canonical lower-case wire spelling

// Limits. The RFCs fix the request and DATA sizes; the others are ours: generous for real peers,
// and small enough that a request with the longest filename still has room within its 512 bytes
// for every option the RFCs define (2 + 256 + 9 + 70 bytes).
inline constexpr std::size_t kHeaderSize = 4;             // opcode + block number / error code
inline constexpr std::size_t kMaxRequestSize = 512;       // RFC 2347, "Packet Formats"
inline constexpr std::size_t kMaxDataPayload = 65464;     // RFC 2348, largest blksize
inline constexpr std::size_t kMaxPacketSize = kHeaderSize + kMaxDataPayload;
inline constexpr std::size_t kMaxFilenameLength = 255;
inline constexpr std::size_t kMaxOptionNameLength = 64;   // RFC names are at most 10 ("windowsize")
inline constexpr std::size_t kMaxOptionValueLength = 64;  // numbers need at most 20 digits
inline constexpr std::size_t kMaxOptions = 16;
// We never send an ERROR longer than 516 bytes: classic implementations read into a 516-byte
// buffer (4 + 512) and would cut the message's NUL off.
inline constexpr std::size_t kMaxErrorMessageLength = 511;

struct Option {
  std::string name;
  std::string value;
  bool operator==(const Option&) const = default;
};
using Options = std::vector<Option>;

// ASCII case-insensitive comparison, as RFC 2347 prescribes for option names (and the mode).
bool iequals(std::string_view a, std::string_view b);
// The first option called `name` (case-insensitively), or nullptr.
const Option* find_option(const Options& options, std::string_view name);

template <Opcode Op>
struct Request {
  static constexpr Opcode opcode = Op;
  std::string filename;
  Mode mode = Mode::octet;
  Options options;  // in the order they appear on the wire
  bool operator==(const Request&) const = default;
};
using Rrq = Request<Opcode::rrq>;
using Wrq = Request<Opcode::wrq>;

// payload views the decoded datagram (or the caller's buffer before encoding): it is valid only as
// long as those bytes are.
struct Data {
  std::uint16_t block = 0;
  std::span<const std::byte> payload;
  friend bool operator==(const Data& a, const Data& b);
};

struct Ack {
  std::uint16_t block = 0;
  bool operator==(const Ack&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::not_defined;
  std::string message;  // raw bytes as sent (not necessarily ASCII): sanitise before printing
  bool operator==(const Error&) const = default;
};

struct Oack {
  Options options;
  bool operator==(const Oack&) const = default;
};

using Packet = std::variant<Rrq, Wrq, Data, Ack, Error, Oack>;

Opcode opcode_of(const Packet& packet);

// The opcode of a datagram without decoding the rest (none if shorter than 2 bytes or unknown).
std::optional<Opcode> peek_opcode(std::span<const std::byte> datagram);

// Encoders replace the contents of `out` and keep its capacity. On error `out` is left empty.
[[nodiscard]] std::error_code encode(const Packet& packet, std::vector<std::byte>& out);
[[nodiscard]] std::error_code encode(const Rrq& rrq, std::vector<std::byte>& out);
[[nodiscard]] std::error_code encode(const Wrq& wrq, std::vector<std::byte>& out);
[[nodiscard]] std::error_code encode(const Data& data, std::vector<std::byte>& out);
void encode(const Ack& ack, std::vector<std::byte>& out);
[[nodiscard]] std::error_code encode(const Error& error, std::vector<std::byte>& out);
[[nodiscard]] std::error_code encode(const Oack& oack, std::vector<std::byte>& out);

// Writes the 4-byte DATA header into `out` (replacing its contents), for senders that append the
// payload straight from a file or the netascii encoder. The caller keeps the payload within the
// negotiated block size.
void write_data_header(std::uint16_t block, std::vector<std::byte>& out);

// Decodes one datagram. Errors are tftp::errc values (category "tftp.peer").
std::expected<Packet, std::error_code> decode(std::span<const std::byte> datagram);

}  // namespace udplab::tftp
