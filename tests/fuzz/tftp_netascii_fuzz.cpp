// libFuzzer target: netascii round trip, decode(encode(x)) == x, with the input split into file
// reads and the output into blocks at sizes chosen by the input itself, so that every way a pair
// can straddle two blocks is reached. Also decodes x as if it came off the wire.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "tftp/netascii.hpp"

namespace netascii = udplab::tftp::netascii;

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // The first two bytes choose the block size (1..256) and the file read size (1..256).
  const std::size_t block = std::size_t{data[0]} + 1;
  const std::size_t chunk = std::size_t{data[1]} + 1;
  const auto local = std::as_bytes(std::span(data + 2, size - 2));

  // Local -> wire, block by block; each full block goes straight to the decoder, as it would
  // travel in a DATA packet.
  netascii::Encoder encoder;
  netascii::Decoder decoder;
  std::vector<std::byte> current(block);
  std::vector<std::byte> joined;
  std::vector<std::byte> decoded;
  std::size_t filled = 0;
  std::size_t pos = 0;
  auto deliver = [&](std::size_t n) {
    auto b = std::span(current).first(n);
    joined.insert(joined.end(), b.begin(), b.end());
    decoder.decode(b, decoded);
  };
  while (pos < local.size() || encoder.pending()) {
    auto in = local.subspan(pos, std::min(chunk, local.size() - pos));
    auto progress = encoder.encode(in, std::span(current).subspan(filled));
    check(progress.consumed > 0 || progress.produced > 0);
    pos += progress.consumed;
    filled += progress.produced;
    if (filled == block) {
      deliver(block);
      filled = 0;
    }
  }
  deliver(filled);  // the last, shorter block (empty if the data filled the previous one)
  decoder.finish(decoded);

  // The blocked encoding equals the one-shot encoding, and its size is encoded_size().
  std::vector<std::byte> whole;
  netascii::Encoder{}.encode(local, whole);
  check(joined == whole);
  check(netascii::encoded_size(local) == whole.size());

  // Decoding gives the input back, with nothing malformed.
  check(std::ranges::equal(decoded, local));
  check(decoder.malformed() == 0);

  // Arbitrary bytes off the wire never grow when decoded.
  netascii::Decoder raw;
  std::vector<std::byte> out;
  raw.decode(local.first(local.size() / 2), out);
  raw.decode(local.subspan(local.size() / 2), out);
  raw.finish(out);
  check(out.size() <= local.size());
  return 0;
}
