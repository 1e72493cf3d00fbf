// libFuzzer target: echo::decode_probe on arbitrary datagrams (what `udplab echo ping` does with
// every reply).
//
// The padding is checked against the formula of probe_codec.cpp written out byte by byte (the
// codec compares whole runs against a table): a probe decodes exactly when its header is right and
// every padding byte i is seq * 131 + i * 7 + (i >> 8) (mod 256). What decodes encodes back to the
// input, but for the three reserved bytes, which decoding does not read. Changing any one padding
// byte of a probe that decodes makes it undecodable (a reply altered in transit is never matched).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "echo/probe_codec.hpp"
#include "fuzz_script.hpp"

namespace echo = udplab::echo;

namespace {

bool padding_intact(std::span<const std::byte> d, std::uint64_t seq) {
  for (std::size_t i = echo::kProbeHeaderSize; i < d.size(); ++i)
    if (d[i] != std::byte(static_cast<std::uint8_t>(seq * 131u + i * 7u + (i >> 8)))) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = std::as_bytes(std::span(data, size));
  const auto probe = echo::decode_probe(input);
  const bool header_ok = size >= echo::kProbeHeaderSize && data[0] == 'U' && data[1] == 'D' && data[2] == 'L' &&
                         data[3] == 'P' && data[4] == 1;
  if (!header_ok) {
    CHECK(!probe);
    CHECK(probe.error() != echo::ProbeError::bad_padding);
    CHECK((probe.error() == echo::ProbeError::too_short) == (size < echo::kProbeHeaderSize));
    return 0;
  }
  std::uint64_t seq = 0;
  for (std::size_t i = 16; i < 24; ++i) seq = seq << 8 | data[i];
  CHECK(probe.has_value() == padding_intact(input, seq));
  if (!probe) {
    CHECK(probe.error() == echo::ProbeError::bad_padding);
    return 0;
  }
  CHECK(probe->seq == seq);
  std::vector<std::byte> wire;
  echo::encode_probe(*probe, size, wire);
  CHECK(wire.size() == size);
  for (std::size_t i = 0; i < size; ++i)
    if (i < 5 || i >= 8) CHECK(wire[i] == input[i]);
  if (size > echo::kProbeHeaderSize) {
    // One altered padding byte, at a place and by an amount the input picks.
    const std::size_t at = echo::kProbeHeaderSize + data[8] % (size - echo::kProbeHeaderSize);
    wire[at] ^= std::byte(data[9] | 1);
    const auto altered = echo::decode_probe(wire);
    CHECK(!altered && altered.error() == echo::ProbeError::bad_padding);
  }
  return 0;
}
