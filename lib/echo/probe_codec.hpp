// The echo probe format: what `udplab echo ping` puts in each datagram.
//
//   0   4  magic "UDLP"
//   4   1  version (1)
//   5   3  reserved, zero
//   8   8  session id (random per run, so replies to another run are not matched)
//  16   8  sequence number
//  24   8  send time, nanoseconds on the sender's clock
//  32   n  padding: bytes derived from the sequence number, checked on return
//
// All integers big-endian. Any echo server returns the probe unchanged, so the client matches a
// reply by decoding it and comparing it with what it would have sent: a reply that is truncated,
// altered or from another session is "unmatched", never miscounted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <string_view>
#include <vector>

namespace udplab::echo {

inline constexpr std::size_t kProbeHeaderSize = 32;

struct Probe {
  std::uint64_t session = 0;
  std::uint64_t seq = 0;
  std::int64_t sent_ns = 0;
};

enum class ProbeError { too_short, bad_magic, bad_version, bad_padding };
std::string_view to_string(ProbeError e);

// Writes a probe of `size` bytes (size >= kProbeHeaderSize) into `out`.
void encode_probe(const Probe& probe, std::size_t size, std::vector<std::byte>& out);
std::expected<Probe, ProbeError> decode_probe(std::span<const std::byte> datagram);

}  // namespace udplab::echo
