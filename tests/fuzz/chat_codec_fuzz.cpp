// libFuzzer target: chat::decode on arbitrary datagrams.
//
// The format has one spelling per message (length-prefixed fields, nothing after the last), so
// whatever decodes passes check() and encodes back to exactly the input; the one exception is a
// member list too long for kMaxDatagram, which encode() cuts: then the result still decodes, to the
// same total and the first of the names, and fits the limit. A rejected datagram names a reason.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>

#include "chat/chat_codec.hpp"
#include "fuzz_script.hpp"

namespace chat = udplab::chat;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = std::as_bytes(std::span(data, size));
  const auto m = chat::decode(input);
  if (!m) {
    CHECK(chat::to_string(m.error()) != "unknown");
    return 0;
  }
  CHECK(!chat::check(*m).has_value());  // what we accept, we could have sent
  const auto wire = chat::encode(*m);
  CHECK(wire.size() <= chat::kMaxDatagram);
  const auto again = chat::decode(wire);
  CHECK(again.has_value());
  const auto* list = std::get_if<chat::msg::Members>(&*m);
  if (list && size > chat::kMaxDatagram) {
    const auto& cut = std::get<chat::msg::Members>(*again);
    CHECK(cut.total == list->total);
    CHECK(cut.nicks.size() <= list->nicks.size());
    CHECK(std::equal(cut.nicks.begin(), cut.nicks.end(), list->nicks.begin()));
    CHECK(std::ranges::equal(std::span(wire).subspan(9), input.subspan(9, wire.size() - 9)));
    return 0;
  }
  CHECK(*again == *m);
  CHECK(std::ranges::equal(wire, input));
  return 0;
}
