// libFuzzer target: the chat room engine (ChatRoom) fed scripts of datagrams from many sources
// (members, strangers, IPv6 and IPv4-mapped ones, spoofable ones) and of time passing, as
// `udplab chat room` drives it but with no socket and no clock. Invariants, checked after every
// step (a violation traps):
//   - every datagram sent is a chat message (or, for a discovery probe, a discovery reply no
//     larger than the probe) within kMaxDatagram, to the sender or to a member;
//   - a refusable source (broadcast, multicast, port 0, unspecified) is never answered and never
//     joins; a datagram that does not decode is never answered; a room's message (member list,
//     notice) from a stranger is never answered and never makes it a member;
//   - a member's text goes to every other member exactly once, under the member's nick with the
//     sender's session, sequence number and text, and never back to the sender;
//   - the room holds at most `capacity` members, at distinct addresses, with distinct valid nicks;
//     it always has a deadline while it has members and an idle timeout, and once time runs on
//     past the idle timeout nobody is left.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "chat/chat_room.hpp"
#include "chat/nick.hpp"
#include "chat_datagrams.hpp"
#include "fuzz_script.hpp"
#include "net/reply_policy.hpp"

namespace chat = udplab::chat;
namespace net = udplab::net;
namespace fuzz = udplab::fuzz;
using udplab::Time;

namespace {

const char* const kSources[] = {"192.0.2.5:3000", "192.0.2.5:3001", "198.51.100.7:40000", "[2001:db8::1]:4000",
                                "[::ffff:192.0.2.5]:3000", "192.0.2.6:3000", "0.0.0.0:5", "192.0.2.5:0",
                                "255.255.255.255:7", "224.0.0.1:9", "192.0.2.255:1"};
const auto kSourceEndpoints = fuzz::endpoints(kSources);
const net::IpAddress kBroadcast = *net::IpAddress::parse("192.0.2.255");
const auto kIdentity = *udplab::discovery::Identity::make(udplab::discovery::Role::chat_room, "fuzz room", "1");

struct Room {
  chat::RoomConfig config;
  chat::ChatRoom room;
  Time now{};

  explicit Room(chat::RoomConfig c) : config(c), room(std::move(c)) {}

  std::vector<udplab::transport::Transmit> drain() {
    std::vector<udplab::transport::Transmit> out;
    udplab::transport::Transmit t;
    while (room.poll_transmit(t)) {
      CHECK(t.payload.size() <= chat::kMaxDatagram);
      out.push_back(t);
    }
    while (room.poll_event()) {
    }
    return out;
  }

  bool is_member(const net::Endpoint& e, const std::vector<chat::ChatRoom::Member>& members) const {
    return std::any_of(members.begin(), members.end(), [&](const auto& m) { return m.endpoint == e; });
  }

  void datagram(const net::Endpoint& from, const std::vector<std::byte>& d) {
    const auto before = room.members();
    const auto* sender = [&]() -> const chat::ChatRoom::Member* {
      for (const auto& m : before)
        if (m.endpoint == from) return &m;
      return nullptr;
    }();
    room.on_datagram(now, {from, d});
    const auto sent = drain();
    const auto& after = room.members();
    for (const auto& t : sent) CHECK(t.to == from || is_member(t.to, before) || is_member(t.to, after));

    if (net::refuse_reply_to(from, config.broadcast_addresses)) {
      CHECK(sent.empty());
      CHECK(!is_member(from, after));
      CHECK(after.size() == before.size());
      return;
    }
    if (config.discovery && udplab::discovery::decode_probe(d)) {
      CHECK(sent.size() == 1 && sent[0].to == from && sent[0].payload.size() <= d.size());
      CHECK(udplab::discovery::decode_reply(sent[0].payload).has_value());
      CHECK(after.size() == before.size());
      return;
    }
    for (const auto& t : sent) CHECK(chat::decode(t.payload).has_value());
    const auto m = chat::decode(d);
    if (!m) {
      CHECK(sent.empty());
      CHECK(after.size() == before.size());
      return;
    }
    const bool from_a_room = std::holds_alternative<chat::msg::Members>(*m) || std::holds_alternative<chat::msg::Notice>(*m);
    if (from_a_room) {
      CHECK(sent.empty());
      CHECK(is_member(from, after) == (sender != nullptr));
    }
    if (const auto* text = std::get_if<chat::msg::Text>(&*m); text && sender) {
      // Relayed to every other member once, as the member's own message.
      std::set<net::Endpoint> to;
      for (const auto& t : sent) {
        CHECK(t.to != from);
        CHECK(to.insert(t.to).second);
        const auto relayed = chat::decode(t.payload);
        const auto* r = std::get_if<chat::msg::Text>(&*relayed);
        CHECK(r && r->nick == sender->nick && r->session == text->session && r->seq == text->seq && r->text == text->text);
      }
      CHECK(to.size() == before.size() - 1);
    }
  }

  void timers() {
    const auto before = room.members();
    room.on_timer(now);
    for (const auto& t : drain()) CHECK(is_member(t.to, before));
    if (config.idle_timeout > udplab::Duration::zero())
      for (const auto& m : room.members()) CHECK(m.last_heard + config.idle_timeout > now);
  }

  void settle() {
    const auto& members = room.members();
    CHECK(members.size() <= config.capacity);
    std::set<net::Endpoint> endpoints;
    std::set<std::string> nicks;
    for (const auto& m : members) {
      CHECK(endpoints.insert(m.endpoint).second);
      CHECK(nicks.insert(m.nick).second);
      CHECK(chat::valid_nick(m.nick));
      CHECK(!net::refuse_reply_to(m.endpoint, config.broadcast_addresses));
    }
    if (!members.empty() && config.idle_timeout > udplab::Duration::zero()) CHECK(room.next_deadline().has_value());
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  chat::RoomConfig config;
  config.capacity = in.ConsumeIntegralInRange<std::size_t>(1, 4);
  config.idle_timeout = in.ConsumeBool() ? udplab::Duration::zero() : std::chrono::milliseconds(in.ConsumeIntegralInRange(1, 5000));
  config.reorder_window = std::chrono::milliseconds(in.ConsumeIntegralInRange(1, 1000));
  config.broadcast_addresses = {kBroadcast};
  if (in.ConsumeBool()) config.discovery = kIdentity;
  Room room(config);

  for (int step = 0; step < 64 && in.remaining_bytes() > 0; ++step) {
    if (in.ConsumeIntegralInRange(0, 4) == 0) {
      room.now += std::chrono::milliseconds(in.ConsumeIntegralInRange(0, 6000));
      room.timers();
    } else {
      const auto from = fuzz::pick(in, kSourceEndpoints);
      room.datagram(from, fuzz::chat_datagram(in));
    }
    room.settle();
  }
  if (config.idle_timeout > udplab::Duration::zero()) {
    room.now += config.idle_timeout;
    room.timers();
    CHECK(room.room.members().empty());
  }
  return 0;
}
