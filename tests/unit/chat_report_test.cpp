// What `udplab chat` prints: peers' bytes neutralised, counts in words, reports from engine state.
#include <boost/test/unit_test.hpp>

#include "report/chat_report.hpp"
#include "support/engine_harness.hpp"

using namespace udplab;
using namespace udplab::chat;
using test::at_ms;

namespace {

const net::Endpoint kRoom = *net::Endpoint::parse("10.0.0.1:7070");

std::string line(const ClientEvent& e) { return report::render_chat_client_event(e, kRoom); }

}  // namespace

BOOST_AUTO_TEST_SUITE(chat_report_test)

BOOST_AUTO_TEST_CASE(peers_bytes_cannot_reach_the_terminal) {
  const std::string hostile = "\x1b]0;pwned\x07\x1b[2J\nmallory: fake line\xff\xe2\x80\xae";
  for (const auto& out : {line(client_event::Message{hostile, 1, hostile, false, at_ms(0)}),
                          line(client_event::Notice{msg::NoticeKind::joined, hostile, at_ms(0)}),
                          line(client_event::Members{2, {hostile, "bob"}, at_ms(0)}),
                          line(client_event::Lost{hostile, {1, 2}, at_ms(0)})}) {
    for (char c : out) BOOST_TEST((static_cast<unsigned char>(c) >= 0x20 && c != 0x7f), out);
    BOOST_TEST(out.find("\\e]0;pwned\\x07\\e[2J\\nmallory: fake line\\xff\\u{202e}") != std::string::npos, out);
  }
}

BOOST_AUTO_TEST_CASE(event_lines) {
  BOOST_TEST(line(client_event::Message{"bob", 3, "hi", false, at_ms(0)}) == "bob: hi");
  BOOST_TEST(line(client_event::Message{"bob", 3, "hi", true, at_ms(0)}) ==
             "bob: hi   [#3 late: arrived after a later message]");
  BOOST_TEST(line(client_event::Lost{"bob", {4, 5}, at_ms(0)}) == "* 2 messages from bob lost (#4-5)");
  BOOST_TEST(line(client_event::Lost{"bob", {7, 7}, at_ms(0)}) == "* 1 message from bob lost (#7)");
  BOOST_TEST(line(client_event::Members{300, {"a", "b"}, at_ms(0)}) == "* 300 members: a, b and 298 more");
  BOOST_TEST(line(client_event::Refused{at_ms(0)}) == "* connection refused: nothing listens at 10.0.0.1:7070 (yet)");
  BOOST_TEST(report::render_chat_room_event(room_event::Left{"bob", true, at_ms(0)}) == "bob timed out (silent too long)");
  BOOST_TEST((report::event_time(ClientEvent{client_event::Said{1, "x", at_ms(42)}}) == at_ms(42)));
}

BOOST_AUTO_TEST_CASE(client_report_from_engine_state) {
  ClientConfig c;
  c.peer = kRoom;
  c.nick = "alice";
  c.session = 1;
  ChatClient client(c);
  client.start(at_ms(0));
  client.enqueue(at_ms(1), step::Say{"hello"});
  for (std::uint64_t seq : {1, 3, 2})
    client.on_datagram(at_ms(2), {kRoom, encode(msg::Text{9, seq, "bob", "m"})});
  auto r = report::make_chat_client_report(client);
  BOOST_TEST(r.peer() == "10.0.0.1:7070");
  BOOST_TEST(r.nick() == "alice");
  BOOST_TEST(r.sent() == 1u);
  BOOST_TEST(r.received() == 3u);
  BOOST_TEST(r.late() == 1u);
  BOOST_REQUIRE_EQUAL(r.senders_size(), 1);
  BOOST_TEST(r.senders(0).nick() == "bob");
  BOOST_TEST(report::render_chat_client(r) ==
             "--- chat with 10.0.0.1:7070 as alice ---\n"
             "1 message sent; 3 received, 0 lost, 1 late (reordered), 0 duplicates\n"
             "  bob: 3 received, 0 lost, 1 late (reordered), 0 duplicates\n");
}

BOOST_AUTO_TEST_SUITE_END()
