#include "echo/probe_codec.hpp"

#include <algorithm>
#include <cstring>

#include "util/bytes.hpp"

namespace udplab::echo {
namespace {

constexpr std::byte kMagic[4] = {std::byte{'U'}, std::byte{'D'}, std::byte{'L'}, std::byte{'P'}};
constexpr std::uint8_t kVersion = 1;

// Padding byte i of probe `seq` is seq * 131 + i * 7 + (i >> 8) (mod 256): cheap, and different for
// neighbouring sequence numbers so that a reply carrying another probe's tail is caught. Within one
// 256-byte block (i >> 8 constant) the bytes run base, base + 7, base + 14, ... and since 7 is odd,
// that run is a window of the fixed sequence 7j (mod 256), starting at j = base * 7^-1 = base * 183
// (7 * 183 = 1281 = 1 mod 256). So writing or checking a run is one memcpy or memcmp against a
// table: this runs for every probe and every reply of a flood.
struct PadTable {
  std::byte bytes[512];
  constexpr PadTable() : bytes{} {
    for (std::size_t j = 0; j < 512; ++j) bytes[j] = std::byte(static_cast<std::uint8_t>(j * 7u));
  }
};
constexpr PadTable kPad;

// Bytes [from, from + n) of probe `seq`'s padding, n <= 256 - (from & 255): a window of kPad.
const std::byte* pad_run(std::uint64_t seq, std::size_t from) {
  const auto base = static_cast<std::uint8_t>(seq * 131u + (from >> 8) + from * 7u);
  return kPad.bytes + static_cast<std::uint8_t>(base * 183u);
}

// memcpy for the short runs of a probe: with a length it cannot see, GCC inlines memcpy as
// `rep movsq`, whose start-up cost is most of a 32-byte copy.
void copy_run(std::byte* to, const std::byte* from, std::size_t n) {
  for (; n >= 16; n -= 16, to += 16, from += 16) std::memcpy(to, from, 16);
  if (n >= 8) {
    std::memcpy(to, from, 8);
    n -= 8, to += 8, from += 8;
  }
  for (; n > 0; --n) *to++ = *from++;
}

// Calls fn(from, n) over [begin, end) cut at 256-byte block boundaries.
template <class Fn>
void for_each_pad_run(std::size_t begin, std::size_t end, Fn fn) {
  for (std::size_t i = begin; i < end;) {
    const std::size_t n = std::min<std::size_t>(256 - (i & 255), end - i);
    fn(i, n);
    i += n;
  }
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
  for_each_pad_run(kProbeHeaderSize, size,
                   [&](std::size_t from, std::size_t n) { copy_run(p + from, pad_run(probe.seq, from), n); });
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
  bool intact = true;
  for_each_pad_run(kProbeHeaderSize, d.size(), [&](std::size_t from, std::size_t n) {
    intact = intact && std::memcmp(pad_run(probe.seq, from), d.data() + from, n) == 0;
  });
  if (!intact) return std::unexpected(ProbeError::bad_padding);
  return probe;
}

}  // namespace udplab::echo
