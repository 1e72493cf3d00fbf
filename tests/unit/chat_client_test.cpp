#include <boost/test/unit_test.hpp>

#include "chat/chat_client.hpp"
#include "support/engine_harness.hpp"

using namespace udplab;
using namespace udplab::chat;
using namespace std::chrono_literals;
using test::at_ms;
using test::drain;
using test::only;

namespace {

const net::Endpoint kRoom = *net::Endpoint::parse("10.0.0.1:7070");

ClientConfig config() {
  ClientConfig c;
  c.peer = kRoom;
  c.nick = "alice";
  c.session = 0xA11CE;
  c.keepalive = 30s;
  c.reorder_window = 500ms;
  c.linger = 1s;
  return c;
}

Message decoded(const transport::Transmit& t) {
  auto m = decode(t.payload);
  if (!m) BOOST_FAIL(to_string(m.error()));
  return *m;
}

transport::Datagram from_room(const std::vector<std::byte>& bytes) { return {kRoom, bytes}; }

// A started client, its hello drained.
ChatClient started() {
  ChatClient c(config());
  c.start(at_ms(0));
  drain(c);
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(chat_client_test)

BOOST_AUTO_TEST_CASE(says_hello_then_numbers_its_messages) {
  ChatClient c(config());
  c.enqueue(at_ms(0), step::Say{"queued before start"});
  c.start(at_ms(0));
  auto out = drain(c);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 2u);
  BOOST_TEST((decoded(out.sent[0]) == Message{msg::Hello{"alice"}}));
  BOOST_TEST((decoded(out.sent[1]) == Message{msg::Text{0xA11CE, 1, "alice", "queued before start"}}));
  c.enqueue(at_ms(5), step::Say{"two"});
  auto said = only<client_event::Said>(drain(c).events);
  BOOST_REQUIRE_EQUAL(said.size(), 1u);
  BOOST_TEST(said[0].seq == 2u);
  BOOST_TEST(c.stats().sent == 2u);
}

BOOST_AUTO_TEST_CASE(wait_who_and_quit_steps) {
  ChatClient c = started();
  c.enqueue(at_ms(10), step::Wait{200ms});
  c.enqueue(at_ms(10), step::Say{"after the wait"});
  c.enqueue(at_ms(10), step::Who{});
  BOOST_TEST(drain(c).sent.empty());
  BOOST_TEST(*c.next_deadline() == at_ms(210));
  c.on_timer(at_ms(209));
  BOOST_TEST(drain(c).sent.empty());
  c.on_timer(at_ms(210));
  auto out = drain(c);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 2u);
  BOOST_TEST(std::holds_alternative<msg::Text>(decoded(out.sent[0])));
  BOOST_TEST(std::holds_alternative<msg::List>(decoded(out.sent[1])));
  c.enqueue(at_ms(300), step::Quit{});
  out = drain(c);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 1u);
  BOOST_TEST(std::holds_alternative<msg::Leave>(decoded(out.sent[0])));
  BOOST_TEST(c.finished());
}

BOOST_AUTO_TEST_CASE(end_of_input_lingers_then_leaves) {
  ChatClient c = started();
  c.enqueue(at_ms(0), step::Say{"last words"});
  c.end_input(at_ms(0));
  drain(c);
  BOOST_TEST(*c.next_deadline() == at_ms(1000));
  c.on_datagram(at_ms(500), from_room(encode(msg::Text{7, 1, "bob", "late reply"})));  // still listening
  BOOST_TEST(only<client_event::Message>(drain(c).events).size() == 1u);
  c.on_timer(at_ms(1000));
  BOOST_TEST(c.finished());
  BOOST_TEST(std::holds_alternative<msg::Leave>(decoded(drain(c).sent.at(0))));
}

BOOST_AUTO_TEST_CASE(a_line_too_long_is_not_sent_and_uses_no_number) {
  ChatClient c = started();
  c.enqueue(at_ms(1), step::Say{std::string(kMaxText + 1, 'x')});
  auto out = drain(c);
  BOOST_TEST(out.sent.empty());
  auto not_sent = only<client_event::NotSent>(out.events);
  BOOST_REQUIRE_EQUAL(not_sent.size(), 1u);
  BOOST_TEST(not_sent[0].reason.find("1001 bytes") != std::string::npos);
  c.enqueue(at_ms(2), step::Say{"ok"});
  BOOST_TEST(std::get<msg::Text>(decoded(drain(c).sent.at(0))).seq == 1u);
}

// Found by chat_client_fuzz: an empty step::Say reached encode(), which throws on an empty text.
BOOST_AUTO_TEST_CASE(an_empty_line_sends_nothing_and_uses_no_number) {
  ChatClient c = started();
  c.enqueue(at_ms(1), step::Say{""});
  auto out = drain(c);
  BOOST_TEST(out.sent.empty());
  BOOST_TEST(out.events.empty());
  c.enqueue(at_ms(2), step::Say{"ok"});
  BOOST_TEST(std::get<msg::Text>(decoded(drain(c).sent.at(0))).seq == 1u);
  BOOST_TEST(c.stats().sent == 1u);
}

BOOST_AUTO_TEST_CASE(reordering_within_the_window_is_shown_as_late) {
  ChatClient c = started();
  for (std::uint64_t seq : {1, 2, 4, 3, 5})
    c.on_datagram(at_ms(10 * static_cast<int>(seq)), from_room(encode(msg::Text{7, seq, "bob", std::to_string(seq)})));
  auto messages = only<client_event::Message>(drain(c).events);
  BOOST_REQUIRE_EQUAL(messages.size(), 5u);
  BOOST_TEST(messages[3].seq == 3u);
  BOOST_TEST(messages[3].late);
  BOOST_TEST(!messages[2].late);
  c.on_timer(at_ms(2000));
  BOOST_TEST(only<client_event::Lost>(drain(c).events).empty());
  BOOST_TEST(c.stats().heard.late == 1u);
  BOOST_TEST(c.stats().heard.lost == 0u);
}

// Beast-style loop: lose message N of bob's six, for each N; exactly that one is reported lost.
// Bob's arrival was announced (a join notice), so even losing his first message is noticed.
BOOST_AUTO_TEST_CASE(losing_any_one_message_reports_exactly_that_one) {
  for (std::uint64_t lose = 1; lose <= 6; ++lose) {
    BOOST_TEST_CONTEXT("losing message " << lose) {
      ChatClient c = started();
      c.on_datagram(at_ms(1), from_room(encode(msg::Notice{msg::NoticeKind::joined, "bob"})));
      for (std::uint64_t seq = 1; seq <= 6; ++seq)
        if (seq != lose) c.on_datagram(at_ms(10 * static_cast<int>(seq)), from_room(encode(msg::Text{7, seq, "bob", "hi"})));
      BOOST_TEST(only<client_event::Lost>(drain(c).events).empty());  // not before the window
      c.on_timer(*c.next_deadline());
      auto lost = only<client_event::Lost>(drain(c).events);
      if (lose == 6) {
        BOOST_TEST(lost.empty());  // nothing after it to show the gap: invisible, as on any channel
      } else {
        BOOST_REQUIRE_EQUAL(lost.size(), 1u);
        BOOST_TEST(lost[0].from == "bob");
        BOOST_TEST((lost[0].range == SeqRange{lose, lose}));
        BOOST_TEST(c.stats().heard.lost == 1u);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(duplicates_restarts_and_departures) {
  ChatClient c = started();
  c.on_datagram(at_ms(1), from_room(encode(msg::Text{7, 1, "bob", "hi"})));
  c.on_datagram(at_ms(2), from_room(encode(msg::Text{7, 1, "bob", "hi"})));
  auto out = drain(c);
  BOOST_TEST(only<client_event::Duplicate>(out.events).size() == 1u);
  BOOST_TEST(only<client_event::Message>(out.events).size() == 1u);
  c.on_datagram(at_ms(3), from_room(encode(msg::Text{7, 3, "bob", "three"})));  // 2 missing
  c.on_datagram(at_ms(4), from_room(encode(msg::Text{8, 1, "bob", "I am back"})));  // new session
  out = drain(c);
  BOOST_TEST(only<client_event::Restarted>(out.events).size() == 1u);
  auto lost = only<client_event::Lost>(out.events);
  BOOST_REQUIRE_EQUAL(lost.size(), 1u);  // the old session's gap will never be filled
  BOOST_TEST((lost[0].range == SeqRange{2, 2}));
  c.on_datagram(at_ms(5), from_room(encode(msg::Text{8, 3, "bob", "x"})));
  c.on_datagram(at_ms(6), from_room(encode(msg::Notice{msg::NoticeKind::left, "bob"})));
  lost = only<client_event::Lost>(drain(c).events);
  BOOST_REQUIRE_EQUAL(lost.size(), 1u);  // gone: his missing message 2 is lost now
  BOOST_TEST((lost[0].range == SeqRange{2, 2}));
}

BOOST_AUTO_TEST_CASE(room_notices_and_member_lists) {
  ChatClient c = started();
  c.on_datagram(at_ms(1), from_room(encode(msg::Notice{msg::NoticeKind::welcome, "alice-2"})));
  c.on_datagram(at_ms(2), from_room(encode(msg::Members{3, {"bob", "alice-2", "carol"}})));
  auto out = drain(c);
  BOOST_TEST(c.nick() == "alice-2");
  auto members = only<client_event::Members>(out.events);
  BOOST_REQUIRE_EQUAL(members.size(), 1u);
  BOOST_TEST(members[0].total == 3u);
  BOOST_TEST(members[0].nicks.at(2) == "carol");
  c.enqueue(at_ms(3), step::Say{"hello"});
  BOOST_TEST(std::get<msg::Text>(decoded(drain(c).sent.at(0))).nick == "alice-2");
}

BOOST_AUTO_TEST_CASE(peer_to_peer_hello_list_and_leave) {
  ChatClient c = started();
  c.on_datagram(at_ms(1), from_room(encode(msg::Hello{"bob"})));
  c.on_datagram(at_ms(2), from_room(encode(msg::Hello{"bob"})));  // a keepalive: no second notice
  auto notices = only<client_event::Notice>(drain(c).events);
  BOOST_REQUIRE_EQUAL(notices.size(), 1u);
  BOOST_TEST(notices[0].nick == "bob");
  c.on_datagram(at_ms(3), from_room(encode(msg::List{})));
  auto out = drain(c);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 1u);
  BOOST_TEST((decoded(out.sent[0]) == Message{msg::Members{1, {"alice"}}}));
  c.on_datagram(at_ms(4), from_room(encode(msg::Leave{})));
  notices = only<client_event::Notice>(drain(c).events);
  BOOST_REQUIRE_EQUAL(notices.size(), 1u);
  BOOST_TEST((notices[0].kind == msg::NoticeKind::left));
}

BOOST_AUTO_TEST_CASE(strangers_garbage_and_refusals) {
  ChatClient c = started();
  c.on_datagram(at_ms(1), {*net::Endpoint::parse("10.0.0.66:7070"), encode(msg::Text{1, 1, "mallory", "psst"})});
  c.on_datagram(at_ms(2), from_room(std::vector<std::byte>(10, std::byte{'x'})));
  c.on_error(at_ms(3), std::make_error_code(std::errc::connection_refused));
  auto out = drain(c);
  BOOST_TEST(only<client_event::Message>(out.events).empty());
  BOOST_TEST(only<client_event::Invalid>(out.events).size() == 1u);
  BOOST_TEST(only<client_event::Refused>(out.events).size() == 1u);
  BOOST_TEST(!c.finished());  // the peer may start later
  BOOST_TEST(c.stats().ignored == 1u);
  BOOST_TEST(c.stats().invalid == 1u);
  BOOST_TEST(c.stats().refused == 1u);
}

BOOST_AUTO_TEST_CASE(keepalive_after_silence) {
  ChatClient c = started();
  BOOST_TEST(*c.next_deadline() == at_ms(30'000));
  c.on_timer(at_ms(30'000));
  auto out = drain(c);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 1u);
  BOOST_TEST(std::holds_alternative<msg::Hello>(decoded(out.sent[0])));
  c.enqueue(at_ms(40'000), step::Say{"talking resets it"});
  drain(c);
  BOOST_TEST(*c.next_deadline() == at_ms(70'000));
}

BOOST_AUTO_TEST_CASE(validation) {
  BOOST_TEST(!validate(config()));
  auto c = config();
  c.nick = "has space";
  BOOST_TEST((validate(c).value().field == ClientField::nick));
  c.nick = "";
  BOOST_TEST(!validate(c));  // a room will assign one
  c.reorder_window = 0ms;
  BOOST_TEST((validate(c).value().field == ClientField::reorder_window));
  BOOST_TEST(validate(c)->why == "must be positive");
}

BOOST_AUTO_TEST_SUITE_END()
