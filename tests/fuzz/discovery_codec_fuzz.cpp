// libFuzzer target: the discovery codec on arbitrary datagrams.
//
// Probes and replies have one spelling each (fixed fields, zero padding, length-prefixed texts,
// nothing after the last), so whatever decodes encodes back to exactly the input. A datagram is a
// probe or a reply, never both. answer_probe() answers exactly the valid probes, with a reply that
// decodes to the probe's nonce and number and the server's identity and is never larger than the
// probe (the anti-amplification rule).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "discovery/discovery_codec.hpp"
#include "fuzz_script.hpp"

namespace discovery = udplab::discovery;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = std::as_bytes(std::span(data, size));
  static const auto identity = *discovery::Identity::make(
      discovery::Role::chat_room, "a room name of sixty-four bytes, the longest a name may be......", "0.1.0-fuzz");

  const auto probe = discovery::decode_probe(input);
  const auto reply = discovery::decode_reply(input);
  CHECK(!(probe && reply));
  const auto answer = discovery::answer_probe(input, identity);
  CHECK(answer.has_value() == probe.has_value());

  if (probe) {
    CHECK(size == discovery::kProbeSize);
    CHECK(std::ranges::equal(discovery::encode_probe(*probe), input));
    CHECK(answer->size() <= size);
    const auto answered = discovery::decode_reply(*answer);
    CHECK(answered && answered->probe == *probe && answered->identity == identity);
  } else {
    CHECK(discovery::to_string(probe.error()) != "unknown");
  }
  if (reply) {
    CHECK(size <= discovery::kProbeSize);
    CHECK(reply->identity.name().size() <= discovery::kMaxName);
    CHECK(reply->identity.version().size() <= discovery::kMaxVersion);
    CHECK(std::ranges::equal(discovery::encode_reply(*reply), input));
  } else {
    CHECK(discovery::to_string(reply.error()) != "unknown");
  }
  return 0;
}
