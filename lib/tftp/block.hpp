// Block numbers: a 64-bit index inside the engines, 16 bits on the wire.
//
// The index counts from the start of a transfer: DATA 1 is index 1, and index 0 is what ACK 0
// acknowledges (the WRQ, or the OACK of an RRQ). The wire number is the index modulo 65536, so the
// block after 65535 is 0, as tftp-hpa and atftp number blocks of files beyond 65535 blocks (32 MiB
// at 512 bytes). The nonstandard "rollover" option, which makes it 1 instead, is not supported.
//
// A wire number names many indices; the helpers below pick the one the transfer can mean, given
// what a sender or receiver knows. With windows (RFC 7440) the choice is unambiguous as long as
// the window is at most 32768 blocks; see classify_data().
#pragma once

#include <cstdint>
#include <optional>

namespace udplab::tftp {

inline constexpr std::uint64_t kBlockNumbers = 65536;

constexpr std::uint16_t wire_block(std::uint64_t index) { return static_cast<std::uint16_t>(index % kBlockNumbers); }

// The wire number after `block`, wrapping from 65535 to 0.
constexpr std::uint16_t next_block(std::uint16_t block) { return static_cast<std::uint16_t>(block + 1u); }

// How many steps forward from `from` reach `to`, modulo 65536 (0..65535).
constexpr std::uint16_t block_distance(std::uint16_t from, std::uint16_t to) {
  return static_cast<std::uint16_t>(to - from);
}

// The index in [lo, hi] whose wire number is `wire`, if there is one. It is unique when the range
// holds at most 65536 indices; wider ranges are refused (nullopt), since they would be ambiguous.
constexpr std::optional<std::uint64_t> unwrap_block(std::uint16_t wire, std::uint64_t lo, std::uint64_t hi) {
  if (hi < lo || hi - lo >= kBlockNumbers) return std::nullopt;
  std::uint64_t offset = block_distance(wire_block(lo), wire);
  if (offset > hi - lo) return std::nullopt;
  return lo + offset;
}

// Sender side. With blocks up to `last_sent` in flight and everything up to `last_acked`
// acknowledged, the index an ACK stands for: last_acked itself (a repeated ACK: the receiver wants
// what follows again, RFC 7440 section 4) up to last_sent. Anything else is a stale or bogus ACK.
// The range spans at most windowsize + 1 <= 65536 indices, so the answer is unique.
constexpr std::optional<std::uint64_t> acked_index(std::uint16_t ack, std::uint64_t last_acked, std::uint64_t last_sent) {
  return unwrap_block(ack, last_acked, last_sent);
}

// Receiver side: where a DATA block stands relative to the index expected next.
enum class Arrival {
  expected,  // the next block in order
  ahead,     // later in the sender's window: blocks in between were lost (RFC 7440 section 4:
             // acknowledge the last block received in order so the sender resumes from there)
  behind,    // a duplicate of a block already received (a retransmission or a late copy)
};

// The sender's window can only start within `window` blocks behind `expected`, so a genuine block
// is at most window - 1 ahead or window behind. Those ranges do not overlap while window <= 32768;
// above that, a number in both counts as behind, the safe reading (it is then ignored, and a lost
// block is recovered by the next timeout).
constexpr Arrival classify_data(std::uint16_t wire, std::uint64_t expected, std::uint32_t window) {
  std::uint32_t d = block_distance(wire_block(expected), wire);
  if (d == 0) return Arrival::expected;
  if (window >= 1 && d <= window - 1 && d < kBlockNumbers - window) return Arrival::ahead;
  return Arrival::behind;
}

// Sliding windows (kSliding, options.hpp): the receiver ACKs every block whose index is a multiple
// of this, and the last one. Half a window: the sender then always has the other half to send while
// an ACK travels. Any other ACK says the receiver is stuck there (a gap, or its timer ran out).
constexpr std::uint32_t sliding_ack_interval(std::uint32_t windowsize) { return windowsize < 2 ? 1 : windowsize / 2; }

// The index of a DATA block classified `expected` or `ahead` (expected + distance).
constexpr std::uint64_t data_index(std::uint16_t wire, std::uint64_t expected) {
  return expected + block_distance(wire_block(expected), wire);
}

}  // namespace udplab::tftp
