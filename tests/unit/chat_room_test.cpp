#include <boost/test/unit_test.hpp>

#include "chat/chat_room.hpp"
#include "chat/nick.hpp"
#include "support/engine_harness.hpp"

using namespace udplab;
using namespace udplab::chat;
using namespace std::chrono_literals;
using test::at_ms;
using test::drain;
using test::only;

namespace {

net::Endpoint ep(const char* s) { return *net::Endpoint::parse(s); }
const net::Endpoint kAlice = ep("10.0.0.2:40000"), kBob = ep("10.0.0.3:40000"), kCarol = ep("10.0.0.4:40000");

RoomConfig config() {
  RoomConfig c;
  c.idle_timeout = 120s;
  c.capacity = 3;
  c.broadcast_addresses = {*net::IpAddress::parse("10.0.0.255")};
  return c;
}

// What went out, decoded, per destination.
std::vector<std::pair<net::Endpoint, Message>> sent(ChatRoom& room) {
  std::vector<std::pair<net::Endpoint, Message>> out;
  for (auto& t : drain(room).sent) out.emplace_back(t.to, *decode(t.payload));
  return out;
}

void say(ChatRoom& room, Time at, const net::Endpoint& from, const Message& m) { room.on_datagram(at, {from, encode(m)}); }

}  // namespace

BOOST_AUTO_TEST_SUITE(chat_room_test)

BOOST_AUTO_TEST_CASE(joining_by_sending_and_getting_a_nick) {
  ChatRoom room(config());
  say(room, at_ms(0), kAlice, msg::Hello{"alice"});
  auto out = sent(room);
  BOOST_REQUIRE_EQUAL(out.size(), 1u);
  BOOST_TEST((out[0] == std::pair{kAlice, Message{msg::Notice{msg::NoticeKind::welcome, "alice"}}}));
  say(room, at_ms(1), kBob, msg::Hello{"alice"});  // taken
  out = sent(room);
  BOOST_REQUIRE_EQUAL(out.size(), 2u);
  BOOST_TEST((out[0] == std::pair{kBob, Message{msg::Notice{msg::NoticeKind::welcome, "alice-2"}}}));
  BOOST_TEST((out[1] == std::pair{kAlice, Message{msg::Notice{msg::NoticeKind::joined, "alice-2"}}}));
  say(room, at_ms(2), kCarol, msg::Hello{"*evil\x1b"});  // not a valid nick
  BOOST_TEST(room.members().back().nick == "guest-1");
  BOOST_TEST(room.stats().joined == 3u);
}

BOOST_AUTO_TEST_CASE(messages_are_relayed_to_everyone_else_as_sent) {
  ChatRoom room(config());
  say(room, at_ms(0), kAlice, msg::Hello{"alice"});
  say(room, at_ms(0), kBob, msg::Hello{"bob"});
  drain(room);
  // Carol joins by sending a message: welcome, the others told, then her message relayed.
  say(room, at_ms(1), kCarol, msg::Text{99, 1, "carol", "hi all"});
  auto out = sent(room);
  BOOST_REQUIRE_EQUAL(out.size(), 5u);
  BOOST_TEST((out[0].second == Message{msg::Notice{msg::NoticeKind::welcome, "carol"}}));
  const Message relayed = msg::Text{99, 1, "carol", "hi all"};
  BOOST_TEST((out[3] == std::pair{kAlice, relayed}));
  BOOST_TEST((out[4] == std::pair{kBob, relayed}));
  // The sender's nick is the room's to give: a forged one is replaced.
  say(room, at_ms(2), kBob, msg::Text{5, 1, "alice", "it is me, alice"});
  out = sent(room);
  BOOST_REQUIRE_EQUAL(out.size(), 2u);
  BOOST_TEST(std::get<msg::Text>(out[0].second).nick == "bob");
  BOOST_TEST(room.stats().messages == 2u);
  BOOST_TEST(room.stats().relayed == 4u);
}

BOOST_AUTO_TEST_CASE(member_list_leave_and_idle_timeout) {
  ChatRoom room(config());
  say(room, at_ms(0), kAlice, msg::Hello{"alice"});
  say(room, at_ms(0), kBob, msg::Hello{"bob"});
  drain(room);
  say(room, at_ms(10), kAlice, msg::List{});
  auto out = sent(room);
  BOOST_TEST((out.at(0) == std::pair{kAlice, Message{msg::Members{2, {"alice", "bob"}}}}));
  BOOST_TEST(*room.next_deadline() == at_ms(120'000));
  say(room, at_ms(60'000), kAlice, msg::Hello{"alice"});  // keepalive
  room.on_timer(at_ms(120'000));                         // bob has been silent for 120 s
  out = sent(room);
  BOOST_REQUIRE_EQUAL(out.size(), 1u);
  BOOST_TEST((out[0] == std::pair{kAlice, Message{msg::Notice{msg::NoticeKind::timed_out, "bob"}}}));
  BOOST_TEST(room.members().size() == 1u);
  BOOST_TEST(*room.next_deadline() == at_ms(180'000));
  say(room, at_ms(130'000), kBob, msg::Hello{"bob"});  // comes back: a new membership
  say(room, at_ms(131'000), kBob, msg::Leave{});
  out = sent(room);
  BOOST_TEST((out.back() == std::pair{kAlice, Message{msg::Notice{msg::NoticeKind::left, "bob"}}}));
  BOOST_TEST(room.stats().timed_out == 1u);
  BOOST_TEST(room.stats().left == 1u);
}

BOOST_AUTO_TEST_CASE(a_full_room_says_so) {
  ChatRoom room(config());
  for (const char* who : {"10.0.0.2:1", "10.0.0.3:1", "10.0.0.4:1"}) say(room, at_ms(0), ep(who), msg::Hello{""});
  drain(room);
  say(room, at_ms(1), ep("10.0.0.5:1"), msg::Text{1, 1, "late", "let me in"});
  auto out = sent(room);
  BOOST_REQUIRE_EQUAL(out.size(), 1u);  // no relay
  BOOST_TEST((out[0] == std::pair{ep("10.0.0.5:1"), Message{msg::Notice{msg::NoticeKind::room_full, ""}}}));
  BOOST_TEST(room.members().size() == 3u);
  BOOST_TEST(room.stats().full == 1u);
}

BOOST_AUTO_TEST_CASE(never_answers_broadcast_sources_or_garbage) {
  ChatRoom room(config());
  for (const char* from : {"10.0.0.255:40000", "255.255.255.255:40000", "10.0.0.2:0", "224.0.0.1:40000"})
    say(room, at_ms(0), ep(from), msg::Hello{"spoof"});
  room.on_datagram(at_ms(1), {kAlice, std::vector<std::byte>(12, std::byte{'?'})});
  BOOST_TEST(drain(room).sent.empty());
  BOOST_TEST(room.members().empty());
  BOOST_TEST(room.stats().refused == 4u);
  BOOST_TEST(room.stats().invalid == 1u);
  say(room, at_ms(2), kAlice, msg::Leave{});  // leaving without being in: nothing
  BOOST_TEST(drain(room).sent.empty());
  // What only rooms send does not make its sender a member (two rooms must not join each other).
  say(room, at_ms(3), kBob, msg::Notice{msg::NoticeKind::welcome, "bob"});
  say(room, at_ms(4), kBob, msg::Members{1, {"x"}});
  BOOST_TEST(drain(room).sent.empty());
  BOOST_TEST(room.members().empty());
  BOOST_TEST(room.stats().invalid == 3u);
}

BOOST_AUTO_TEST_CASE(uplink_loss_is_noticed_by_the_room) {
  ChatRoom room(config());
  say(room, at_ms(0), kAlice, msg::Hello{"alice"});
  for (std::uint64_t seq : {1, 2, 4}) say(room, at_ms(10), kAlice, msg::Text{1, seq, "alice", "x"});
  drain(room);
  room.on_timer(*room.next_deadline());
  auto lost = only<room_event::Lost>(drain(room).events);
  BOOST_REQUIRE_EQUAL(lost.size(), 1u);
  BOOST_TEST((lost[0].range == SeqRange{3, 3}));
  BOOST_TEST(room.stats().heard.lost == 1u);
}

BOOST_AUTO_TEST_CASE(discovery_probes_get_the_rooms_name) {
  auto c = config();
  c.discovery = *discovery::Identity::make(discovery::Role::chat_room, "lobby", "0.1.0");
  ChatRoom room(c);
  room.on_datagram(at_ms(0), {kAlice, discovery::encode_probe({3, 1})});
  auto out = drain(room).sent;
  BOOST_REQUIRE_EQUAL(out.size(), 1u);
  auto reply = discovery::decode_reply(out[0].payload);
  BOOST_REQUIRE(reply.has_value());
  BOOST_TEST(reply->identity.name() == "lobby");
  BOOST_TEST(room.members().empty());  // a probe is no membership
}

BOOST_AUTO_TEST_CASE(nicknames) {
  BOOST_TEST(valid_nick("alice"));
  BOOST_TEST(valid_nick("Zoë"));
  for (const char* bad : {"", "two words", "/quit", "*notice", "tab\there", "\xff"}) BOOST_TEST(!valid_nick(bad), bad);
  BOOST_TEST(!valid_nick(std::string(33, 'n')));
  auto none = [](std::string_view) { return false; };
  BOOST_TEST(assign_nick("bob", 1, none) == "bob");
  BOOST_TEST(assign_nick("", 4, none) == "guest-4");
  auto taken = [](std::string_view n) { return n == "bob" || n == "bob-2"; };
  BOOST_TEST(assign_nick("bob", 1, taken) == "bob-3");
  // A long wish is cut to fit its suffix, at a character boundary.
  const std::string long_wish = std::string(30, 'x') + "é";  // 32 bytes
  auto long_taken = [&](std::string_view n) { return n == long_wish; };
  BOOST_TEST(assign_nick(long_wish, 1, long_taken) == std::string(30, 'x') + "-2");
}

BOOST_AUTO_TEST_CASE(validation_names_the_field) {
  BOOST_TEST(!validate(config()));
  auto c = config();
  c.capacity = 1001;
  BOOST_TEST((validate(c).value().field == RoomField::capacity));
  BOOST_TEST(validate(c)->why == "must be between 1 and 1000");
  c = config();
  c.idle_timeout = -1s;
  BOOST_TEST((validate(c).value().field == RoomField::idle_timeout));
}

BOOST_AUTO_TEST_SUITE_END()
