#include "echo/probe_codec.hpp"

#include <algorithm>
#include <cstring>

#include "util/bytes.hpp"

namespace udplab::echo {
namespace {

constexpr std::byte kMagic[4] = {std::byte{'U'}, std::byte{'D'}, std::byte{'L'}, std::byte{'P'}};
constexpr std::uint8_t kVersion = 1;

// Padding byte i of probe `seq`: cheap, and different for neighbouring sequence numbers so that a
// reply carrying another probe's tail is caught.
std::byte pad_byte(std::uint64_t seq, std::size_t i) {
  return std::byte(static_cast<std::uint8_t>((seq * 131u) + i * 7u + (i >> 8)));
}

}  // namespace

std::string_view to_string(ProbeError e) {
  switch (e) {
    case ProbeError::too_short: return "shorter than a probe header";
    case ProbeError::bad_magic: return "not an udplab probe";
    case ProbeError::bad_version: return "unknown probe version";
    case ProbeError::bad_padding: return "payload altered in transit";
  }
  return "unknown";
}

void encode_probe(const Probe& probe, std::size_t size, std::vector<std::byte>& out) {
  if (size < kProbeHeaderSize) size = kProbeHeaderSize;
  out.resize(size);
  std::byte* p = out.data();
  for (int i = 0; i < 4; ++i) p[i] = kMagic[i];
  p[4] = std::byte{kVersion};
  p[5] = p[6] = p[7] = std::byte{0};
  util::put_u64(p + 8, probe.session);
  util::put_u64(p + 16, probe.seq);
  util::put_u64(p + 24, static_cast<std::uint64_t>(probe.sent_ns));
  for (std::size_t i = kProbeHeaderSize; i < size; ++i) p[i] = pad_byte(probe.seq, i);
}

std::expected<Probe, ProbeError> decode_probe(std::span<const std::byte> d) {
  if (d.size() < kProbeHeaderSize) return std::unexpected(ProbeError::too_short);
  for (int i = 0; i < 4; ++i)
    if (d[static_cast<std::size_t>(i)] != kMagic[i]) return std::unexpected(ProbeError::bad_magic);
  if (d[4] != std::byte{kVersion}) return std::unexpected(ProbeError::bad_version);
  Probe probe;
  probe.session = util::get_u64(d.data() + 8);
  probe.seq = util::get_u64(d.data() + 16);
  probe.sent_ns = static_cast<std::int64_t>(util::get_u64(d.data() + 24));
  // Compare in blocks against the expected pattern (this runs for every reply of a flood).
  std::byte expected[256];
  for (std::size_t i = kProbeHeaderSize; i < d.size();) {
    const std::size_t n = std::min(sizeof expected, d.size() - i);
    for (std::size_t k = 0; k < n; ++k) expected[k] = pad_byte(probe.seq, i + k);
    if (std::memcmp(expected, d.data() + i, n) != 0) return std::unexpected(ProbeError::bad_padding);
    i += n;
  }
  return probe;
}

}  // namespace udplab::echo
