// What the chat fuzzers send their engine: chat messages built from the input (nicks from a table
// of good, taken, invalid and over-long ones; small sessions and sequence numbers, so that gaps,
// duplicates and restarts happen), those cut short, discovery probes, and raw bytes.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chat/chat_codec.hpp"
#include "discovery/discovery_codec.hpp"
#include "fuzz_script.hpp"

namespace udplab::fuzz {

inline std::string chat_nick(FuzzedDataProvider& in) {
  static const char* const kNicks[] = {"alice", "bob", "carol", "", "guest-1", "alice-2", "/quit", "*x",
                                       "two words", "\xff\xfe", "a", "0123456789abcdef0123456789abcdef"};
  if (in.ConsumeIntegralInRange(0, 7) == 0) return in.ConsumeRandomLengthString(40);
  return pick(in, kNicks);
}

inline std::uint64_t chat_seq(FuzzedDataProvider& in) {
  return in.ConsumeBool() ? in.ConsumeIntegralInRange<std::uint64_t>(0, 8) : in.ConsumeIntegral<std::uint64_t>();
}

inline chat::Message chat_message(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 5)) {
    case 0: return chat::msg::Hello{chat_nick(in)};
    case 1: {
      chat::msg::Text t;
      t.session = in.ConsumeIntegralInRange<std::uint64_t>(0, 2);
      t.seq = chat_seq(in);
      t.nick = chat_nick(in);
      t.text = in.ConsumeBool() ? std::string("hi") : in.ConsumeRandomLengthString(1100);
      return t;
    }
    case 2: return chat::msg::List{};
    case 3: {
      chat::msg::Members m{in.ConsumeIntegral<std::uint16_t>(), {}};
      for (int n = in.ConsumeIntegralInRange(0, 3); n > 0; --n) m.nicks.push_back(chat_nick(in));
      return m;
    }
    case 4: return chat::msg::Notice{static_cast<chat::msg::NoticeKind>(in.ConsumeIntegralInRange(1, 5)), chat_nick(in)};
    default: return chat::msg::Leave{};
  }
}

// A datagram for a chat engine: mostly a chat message (raw bytes when it cannot be encoded).
inline std::vector<std::byte> chat_datagram(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 7)) {
    case 0: return raw_bytes(in);
    case 1: return discovery::encode_probe({in.ConsumeIntegral<std::uint64_t>(), in.ConsumeIntegral<std::uint32_t>()});
    case 2: {  // cut short
      const auto m = chat_message(in);
      if (chat::check(m)) return raw_bytes(in);
      auto wire = chat::encode(m);
      wire.resize(in.ConsumeIntegralInRange<std::size_t>(0, wire.size()));
      return wire;
    }
    default: {
      const auto m = chat_message(in);
      if (chat::check(m)) return raw_bytes(in);
      return chat::encode(m);
    }
  }
}

}  // namespace udplab::fuzz
