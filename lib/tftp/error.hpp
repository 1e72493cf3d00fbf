// TFTP errors, in three kinds that callers must be able to tell apart:
//
//   tftp::errc        the peer sent something invalid: a datagram that does not decode, or an OACK
//                     that breaks the negotiation rules. Category "tftp.peer". The engine answers
//                     with the ERROR packet that reply_code_for() names, or drops the datagram.
//   tftp::usage_errc  we were misused: asked to encode a packet that cannot exist on the wire, or
//                     to request an option value outside its RFC range. Category "tftp.usage".
//                     A bug or bad user input on our side; nothing is sent.
//   tftp::ErrorCode   the error codes of the protocol itself (RFC 1350 section 5, plus 8 from RFC
//                     2347), as carried by ERROR packets. Category "tftp.error-packet", so that
//                     "the server said File not found" travels as a std::error_code too.
//
// All three are registered with <system_error> (as Boost.Beast does for its modules), so they
// compare with `ec == tftp::errc::truncated` and print with ec.message().
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

namespace udplab::tftp {

enum class errc {
  // Packet syntax (decode).
  truncated = 1,         // the datagram ends before a required field starts
  bad_opcode,            // opcode 0 or above 6
  missing_nul,           // a string field runs to the end of the datagram without its NUL
  empty_filename,        // RRQ/WRQ with a zero-length filename
  filename_too_long,     // longer than kMaxFilenameLength
  bad_mode,              // mode empty, not ASCII, or not netascii/octet/mail
  empty_option_name,     // a zero-length option name (this includes NUL padding after the mode)
  missing_option_value,  // an option name ends the packet: an odd number of option strings
  empty_option_value,    // RFC 2347 gives every option a value; an empty one is malformed
  option_too_long,       // option name or value beyond kMaxOptionNameLength / kMaxOptionValueLength
  too_many_options,      // more than kMaxOptions options
  duplicate_option,      // the same option twice (names compare case-insensitively), RFC 2347
  request_too_large,     // RRQ/WRQ over 512 bytes (RFC 2347: "The maximum size of a request packet")
  packet_too_large,      // any packet over 4 + 65464 bytes (the largest DATA RFC 2348 allows)
  trailing_bytes,        // bytes after a complete ACK, or after the NUL that ends an ERROR message
  // Option negotiation (a client checking the server's OACK).
  unrequested_option,    // RFC 2347: only the client may initiate an option
  bad_option_value,      // not a decimal number, or outside the option's RFC range
  blksize_raised,        // RFC 2348: the OACK value must be <= the requested one
  windowsize_raised,     // RFC 7440 section 3: likewise
  timeout_changed,       // RFC 2349: the OACK timeout must match the requested one
  tsize_changed,         // RFC 2349: on a WRQ the server echoes the size it was given
  file_too_large,        // RFC 2349: the announced tsize exceeds what we accept (answer ERROR 3)
};

enum class usage_errc {
  empty_filename = 1,    // a request needs a filename
  empty_option_name,
  empty_option_value,
  nul_in_string,         // a filename, option or error message contains a NUL byte
  filename_too_long,
  option_too_long,
  message_too_long,      // ERROR message beyond kMaxErrorMessageLength
  too_many_options,
  duplicate_option,
  request_too_large,     // the encoded request would exceed 512 bytes (RFC 2347)
  payload_too_large,     // DATA payload over 65464 bytes (RFC 2348)
  option_out_of_range,   // a wanted blksize/timeout/windowsize outside its RFC range
};

// The ErrorCode field of an ERROR packet. Values outside 0..8 can arrive from a peer and are kept
// as they are (an enum class holds any uint16_t).
enum class ErrorCode : std::uint16_t {
  not_defined = 0,          // "Not defined, see error message (if any)."
  file_not_found = 1,
  access_violation = 2,
  disk_full = 3,            // "Disk full or allocation exceeded."
  illegal_operation = 4,
  unknown_transfer_id = 5,
  file_already_exists = 6,
  no_such_user = 7,
  option_negotiation = 8,   // RFC 2347: "terminate transfer due to option negotiation"
};

// The RFC's text for a code ("File not found."), or "Unknown error code" outside 0..8.
std::string_view standard_message(ErrorCode code);

const std::error_category& peer_category();
const std::error_category& usage_category();
const std::error_category& error_packet_category();

std::error_code make_error_code(errc e);
std::error_code make_error_code(usage_errc e);
// ErrorCode 0 ("not defined") must still be an error, so codes are stored in the error_code
// offset by 65536; compare with `ec == ErrorCode::x` or recover the code with error_code_of().
std::error_code make_error_code(ErrorCode e);
std::optional<ErrorCode> error_code_of(std::error_code ec);

// The ERROR code to send when `ec` ends a transfer: option negotiation failures give 8 (RFC 2347),
// a too large tsize gives 3 (RFC 2349), any other peer error gives 4 (illegal TFTP operation, as
// tftp-hpa answers a malformed request), an ErrorCode is itself, anything else 0 (not defined).
ErrorCode reply_code_for(std::error_code ec);

}  // namespace udplab::tftp

template <>
struct std::is_error_code_enum<udplab::tftp::errc> : std::true_type {};
template <>
struct std::is_error_code_enum<udplab::tftp::usage_errc> : std::true_type {};
template <>
struct std::is_error_code_enum<udplab::tftp::ErrorCode> : std::true_type {};
