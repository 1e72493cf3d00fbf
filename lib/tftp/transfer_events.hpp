// What a TFTP transfer reports: typed events, its counters, and why it failed. Shared by the
// client engine (tftp/client.hpp) and the server's session engine (tftp/server_session.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "net/address.hpp"
#include "tftp/options.hpp"
#include "transport/time.hpp"

namespace udplab::tftp {

// Retransmission and ending rules of one side of a transfer.
// More retransmissions of one packet than this is a mistake, not a plan: with the waits doubling
// up to max_timeout, a transfer would hang on for half an hour.
inline constexpr std::uint32_t kMaxRetries = 100;

struct Timing {
  // Wait before the first retransmission. A negotiated timeout option (RFC 2349) replaces it.
  Duration timeout = std::chrono::seconds(1);
  // Each retransmission of the same packet doubles the wait, up to this (or `timeout` if larger).
  Duration max_timeout = std::chrono::seconds(16);
  // Retransmissions of one packet before the transfer is abandoned (at most kMaxRetries).
  std::uint32_t retries = 5;
  // How long the sender of the final ACK stays to answer a repeated last DATA (its ACK may have
  // been lost). None: twice the timeout.
  std::optional<Duration> dally;
  // Progress events at most this often; zero: one per block.
  Duration progress_interval = std::chrono::milliseconds(100);
  // Teaching only: the sender answers every ACK, duplicates included, with the next window, as
  // RFC 1350 implementations did before RFC 1123 section 4.2.3.1 (the "Sorcerer's Apprentice"
  // bug). One late ACK then doubles every later DATA. Set by a scenario's naive server, never by
  // the CLI.
  bool answer_duplicate_acks = false;
};

struct TransferStats {
  std::uint64_t bytes = 0;          // DATA payload delivered in order (wire form: netascii is larger)
  std::uint64_t file_bytes = 0;     // bytes read from or written to the file
  std::uint64_t blocks = 0;         // distinct DATA blocks delivered
  std::uint64_t retransmissions = 0;  // datagrams sent again (requests, OACKs, DATA, ACKs)
  std::uint64_t duplicates = 0;     // repeated DATA or ACKs received (never answered with DATA)
  std::uint64_t out_of_order = 0;   // DATA ahead of a gap, discarded (windowed transfers)
  std::uint64_t stray = 0;          // datagrams from another transfer ID (answered with ERROR 5)
  Duration duration{};              // from start to the last block's acknowledgement
  TransferParams params;            // what was negotiated (RFC 1350 defaults without an OACK)
  bool oack = false;                // the options were acknowledged
  bool options_dropped = false;     // the request was repeated without options after an ERROR
};

enum class FailureKind {
  timeout,         // the peer went silent: `block` is where the transfer stalled
  peer_error,      // the peer sent ERROR `peer_code` with `peer_message`
  refused,         // (server) the request was refused: we sent ERROR `sent_code`
  unreachable,     // (client) nothing listens at the server's request port: the request drew an
                   // ICMP port unreachable (where the socket can tell, see Client::on_error)
  local_error,     // our file could not be read or written
  protocol_error,  // the peer broke the protocol (bad packet, bad OACK): we sent ERROR `sent_code`
  cancelled,       // stop() was called
};
std::string_view to_string(FailureKind kind);

struct Failure {
  FailureKind kind = FailureKind::timeout;
  std::uint64_t block = 0;  // block index the transfer was waiting for (0: the request/OACK)
  std::optional<ErrorCode> peer_code;
  std::string peer_message;  // as received, through text::printable() and cut to 200 bytes
  std::optional<ErrorCode> sent_code;
  std::string message;  // one line saying what happened, e.g. "timed out waiting for block 17"
};

namespace event {
struct Negotiated {
  TransferParams params;
  bool oack = false;
  Time at{};
};
struct Progress {
  std::uint64_t bytes = 0;
  std::uint64_t blocks = 0;
  std::optional<std::uint64_t> total;  // from tsize, when known
  Time at{};
};
struct Retransmitted {
  std::uint64_t block = 0;  // first block index sent again; 0 for a request, OACK or ACK 0
  std::uint32_t attempt = 0;
  Time at{};
};
struct Stray {  // a datagram that is not part of this transfer
  net::Endpoint from;
  std::string what;
  Time at{};
};
struct Done {
  TransferStats stats;
  Time at{};
};
struct Failed {
  Failure failure;
  TransferStats stats;
  Time at{};
};
}  // namespace event

using Event = std::variant<event::Negotiated, event::Progress, event::Retransmitted, event::Stray, event::Done,
                           event::Failed>;

}  // namespace udplab::tftp
