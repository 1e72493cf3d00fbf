// A chat room with alice and bob talking through it from scripts, over an in-memory link
// (support/lossy_link.hpp), losing the n-th datagram for every n of a clean run, then the n-th and
// the n+1-th. What the chat protocol promises (chat_codec.hpp, sender_book.hpp): every message
// that reaches a member is shown exactly once; a message lost between two that arrived is
// reported lost, by the room for a member's uplink and by the member for the room's relay; nothing
// that arrived is ever reported lost. (A loss after a sender's last message arrives cannot be seen:
// no later number shows the gap.)
#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

#include "chat/chat_client.hpp"
#include "chat/chat_room.hpp"
#include "support/lossy_link.hpp"

using namespace udplab;
using namespace udplab::chat;
using namespace std::chrono_literals;

namespace {

const net::Endpoint kRoom = *net::Endpoint::parse("10.0.0.1:7070");
const net::Endpoint kAlice = *net::Endpoint::parse("10.0.0.2:40000");
const net::Endpoint kBob = *net::Endpoint::parse("10.0.0.3:40000");

using Seqs = std::map<std::string, std::set<std::uint64_t>>;  // sender -> sequence numbers

// What one receiver saw (shown, reported lost) and what reached it (by the link's log).
struct Receiver {
  Seqs shown, lost, arrived;
};

struct ChatLossRun {
  Receiver alice, bob, room;
  std::uint64_t said = 0;
  std::size_t datagrams = 0;
  bool finished = false;
};

ClientConfig client(const char* nick, std::uint64_t session) {
  ClientConfig c;
  c.peer = kRoom;
  c.nick = nick;
  c.session = session;
  c.keepalive = Duration::zero();
  c.reorder_window = 300ms;
  c.linger = 1s;
  return c;
}

void add_lost(Seqs& lost, const std::string& from, SeqRange range) {
  for (auto s = range.first; s <= range.last; ++s) BOOST_TEST(lost[from].insert(s).second);
}

ChatLossRun run(std::set<std::uint64_t> drop) {
  ChatLossRun r;
  ChatRoom room({.idle_timeout = 5s});
  ChatClient alice(client("alice", 0xA)), bob(client("bob", 0xB));
  for (const char* line : {"/wait 20ms", "a1", "/wait 100ms", "a2", "/wait 100ms", "a3", "/wait 100ms", "a4"})
    alice.enqueue(Time{}, **parse_line(line));
  for (const char* line : {"/wait 50ms", "b1", "/wait 100ms", "b2", "/wait 100ms", "b3"}) bob.enqueue(Time{}, **parse_line(line));
  alice.end_input(Time{});
  bob.end_input(Time{});

  auto on_client = [&r](Receiver& me) {
    return std::function<void(const ClientEvent&)>([&r, &me](const ClientEvent& e) {
      if (const auto* m = std::get_if<client_event::Message>(&e)) BOOST_TEST(me.shown[m->from].insert(m->seq).second);
      if (const auto* l = std::get_if<client_event::Lost>(&e)) add_lost(me.lost, l->from, l->range);
      if (std::holds_alternative<client_event::Said>(e)) ++r.said;
      BOOST_TEST(!std::holds_alternative<client_event::Duplicate>(e));
    });
  };
  test::LossyLink link;
  link.drop = std::move(drop);
  link.attach(kRoom, room, std::function<void(const RoomEvent&)>([&](const RoomEvent& e) {
    if (const auto* x = std::get_if<room_event::Relayed>(&e)) BOOST_TEST(r.room.shown[x->from].insert(x->seq).second);
    if (const auto* l = std::get_if<room_event::Lost>(&e)) add_lost(r.room.lost, l->from, l->range);
  }));
  link.attach(kAlice, alice, on_client(r.alice));
  link.attach(kBob, bob, on_client(r.bob));
  link.run([&] { return alice.finished() && bob.finished(); });
  r.finished = alice.finished() && bob.finished();
  r.datagrams = link.log.size();
  for (const auto& d : link.log) {
    if (d.dropped) continue;
    const auto m = decode(d.payload);
    const auto* t = std::get_if<msg::Text>(&*m);
    if (!t) continue;
    Receiver& to = d.to == kRoom ? r.room : d.to == kAlice ? r.alice : r.bob;
    // The room knows its members by the nicks it gave; they asked for these, and got them.
    const std::string from = d.to == kRoom ? (d.from == kAlice ? "alice" : "bob") : t->nick;
    to.arrived[from].insert(t->seq);
  }
  return r;
}

void check_receiver(const char* who, const Receiver& r) {
  BOOST_TEST_CONTEXT("at " << who) {
    BOOST_TEST(r.shown == r.arrived);  // each arrived message shown, once (no duplicates above)
    for (const auto& [from, lost] : r.lost) {
      BOOST_TEST_CONTEXT("from " << from) {
        const auto arrived = r.arrived.count(from) ? r.arrived.at(from) : std::set<std::uint64_t>{};
        for (auto s : lost) BOOST_TEST(!arrived.count(s), "message " << s << " arrived but was reported lost");
      }
    }
    for (const auto& [from, arrived] : r.arrived) {
      BOOST_TEST_CONTEXT("from " << from) {
        const auto lost = r.lost.count(from) ? r.lost.at(from) : std::set<std::uint64_t>{};
        for (auto s = *arrived.begin() + 1; s < *arrived.rbegin(); ++s)
          if (!arrived.count(s)) BOOST_TEST(lost.count(s), "message " << s << " missing but not reported lost");
      }
    }
  }
}

void check(const ChatLossRun& r) {
  BOOST_TEST(r.finished);
  BOOST_TEST(r.said == 7u);
  check_receiver("alice", r.alice);
  check_receiver("bob", r.bob);
  check_receiver("the room", r.room);
  // The room joins a member with its first datagram, so it expects numbers from 1: any message
  // lost before the last that arrived is reported.
  for (const auto& [from, arrived] : r.room.arrived)
    for (std::uint64_t s = 1; s < *arrived.rbegin(); ++s)
      if (!arrived.count(s)) BOOST_TEST((r.room.lost.count(from) && r.room.lost.at(from).count(s)));
}

std::size_t lost_count(const ChatLossRun& r) {
  std::size_t n = 0;
  for (const auto* x : {&r.alice, &r.bob, &r.room})
    for (const auto& [from, lost] : x->lost) n += lost.size();
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(chat_loss_test)

BOOST_AUTO_TEST_CASE(losing_any_one_datagram) {
  const auto clean = run({});
  check(clean);
  BOOST_TEST(lost_count(clean) == 0u);
  BOOST_TEST(clean.alice.shown.at("bob").size() == 3u);
  BOOST_TEST(clean.bob.shown.at("alice").size() == 4u);
  std::size_t reported = 0;
  for (std::uint64_t n = 1; n <= clean.datagrams; ++n) {
    BOOST_TEST_CONTEXT("losing datagram " << n) {
      const auto r = run({n});
      check(r);
      reported += lost_count(r) > 0 ? 1 : 0;
    }
  }
  BOOST_TEST(reported > 0u);  // some losses were in the middle of a conversation, and seen
}

BOOST_AUTO_TEST_CASE(losing_any_two_consecutive_datagrams) {
  const auto clean = run({});
  for (std::uint64_t n = 1; n < clean.datagrams; ++n) {
    BOOST_TEST_CONTEXT("losing datagrams " << n << " and " << n + 1) {
      check(run({n, n + 1}));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
