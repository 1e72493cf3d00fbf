// libFuzzer target: tftp::decode on arbitrary datagrams.
//
// Whatever decodes must encode (encode refuses only what decode rejects, and ERROR messages longer
// than we ever send), decode again to the same packet, and re-encode to the same bytes; packets
// without a non-canonical spelling must encode back to exactly the input. Decoded requests and OACKs also go through option negotiation, which
// must not fail in ways its contract excludes. Any violation traps, which libFuzzer reports.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "tftp/options.hpp"
#include "tftp/packet.hpp"

namespace tftp = udplab::tftp;

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

template <class R>
void negotiate_request(const R& request, tftp::Direction direction) {
  auto n = tftp::negotiate(direction, request.options, tftp::ServerLimits{.max_write_size = 1 << 20}, 12345);
  check(n.oack.size() <= request.options.size());
  std::vector<std::byte> out;
  if (n.refusal) {
    check(n.oack.empty());
    check(!tftp::encode(*n.refusal, out));
  } else {
    check(!tftp::encode(tftp::Oack{n.oack}, out));  // what the server sends must be sendable
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = std::as_bytes(std::span(data, size));
  auto first = tftp::decode(input);
  if (!first) {
    check(first.error().category() == tftp::peer_category());
    return 0;
  }
  std::vector<std::byte> wire;
  if (auto* error = std::get_if<tftp::Error>(&*first); error && error->message.size() > tftp::kMaxErrorMessageLength) {
    // The one thing we accept but never send (packet.hpp).
    check(tftp::encode(*first, wire) == tftp::usage_errc::message_too_long && wire.empty());
    return 0;
  }
  check(!tftp::encode(*first, wire));
  auto second = tftp::decode(wire);
  check(second.has_value() && *second == *first);
  std::vector<std::byte> again;
  check(!tftp::encode(*second, again) && again == wire);

  switch (tftp::opcode_of(*first)) {
    case tftp::Opcode::data:
    case tftp::Opcode::ack:
    case tftp::Opcode::oack:
      check(std::ranges::equal(wire, input));
      break;
    case tftp::Opcode::error:
      // Only a missing final NUL is repaired.
      check(std::ranges::equal(wire, input) ||
            (wire.size() == size + 1 && std::ranges::equal(std::span(wire).first(size), input)));
      break;
    case tftp::Opcode::rrq:
      check(wire.size() == size);  // only the mode's case may differ
      negotiate_request(std::get<tftp::Rrq>(*first), tftp::Direction::read);
      break;
    case tftp::Opcode::wrq:
      check(wire.size() == size);
      negotiate_request(std::get<tftp::Wrq>(*first), tftp::Direction::write);
      break;
  }

  if (auto* oack = std::get_if<tftp::Oack>(&*first)) {
    const tftp::ClientRequest asked{.blksize = 1428, .timeout_s = 5, .windowsize = 16, .tsize = true,
                                    .max_read_size = 1 << 30};
    auto params = tftp::accept_oack(asked, oack->options);
    if (params) {
      check(params->blksize >= tftp::kMinBlksize && params->blksize <= 1428);
      check(params->windowsize >= 1 && params->windowsize <= 16);
    } else {
      check(params.error().category() == tftp::peer_category());
    }
  }
  return 0;
}
