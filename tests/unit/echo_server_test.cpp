#include <boost/test/unit_test.hpp>

#include "echo/echo_server.hpp"
#include "support/engine_harness.hpp"
#include "util/bytes.hpp"

using namespace udplab;
using namespace udplab::echo;
using test::at_ms;
using test::drain;
using test::only;

namespace {
net::Endpoint ep(const char* text) { return *net::Endpoint::parse(text); }
}  // namespace

BOOST_AUTO_TEST_SUITE(echo_server_test)

BOOST_AUTO_TEST_CASE(echoes_bytes_to_sender) {
  EchoServer server({});
  auto payload = util::to_vector("hello\0world");
  server.on_datagram(at_ms(1), {ep("10.0.0.1:5000"), payload});
  auto out = drain(server);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 1u);
  BOOST_TEST(out.sent[0].to == ep("10.0.0.1:5000"));
  BOOST_TEST(out.sent[0].payload == payload);
  BOOST_TEST(server.stats().replied == 1u);
  BOOST_TEST(server.stats().bytes_sent == payload.size());
}

BOOST_AUTO_TEST_CASE(empty_datagram_is_echoed_empty) {
  EchoServer server({});
  server.on_datagram(at_ms(1), {ep("10.0.0.1:5000"), {}});
  auto out = drain(server);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 1u);
  BOOST_TEST(out.sent[0].payload.empty());
}

BOOST_AUTO_TEST_CASE(reply_length_mode) {
  EchoServer server({.reply_length = true});
  std::vector<std::byte> payload(1234, std::byte{7});
  server.on_datagram(at_ms(1), {ep("[2001:db8::1]:4000"), payload});
  auto out = drain(server);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 1u);
  BOOST_TEST(util::as_chars(out.sent[0].payload) == "Your data was 1234 bytes long");
  BOOST_TEST(out.sent[0].to == ep("[2001:db8::1]:4000"));
}

BOOST_AUTO_TEST_CASE(refuses_amplification_sources_and_keeps_serving) {
  ServerConfig c;
  c.broadcast_addresses = {*net::IpAddress::parse("10.0.0.255")};
  EchoServer server(c);
  auto payload = util::to_vector("x");
  struct Case {
    const char* from;
    RefusalReason why;
  } refused[] = {
      {"10.0.0.1:0", RefusalReason::port_zero},
      {"224.0.0.1:5000", RefusalReason::multicast_source},
      {"[ff02::1]:5000", RefusalReason::multicast_source},
      {"255.255.255.255:5000", RefusalReason::broadcast_source},
      {"10.0.0.255:5000", RefusalReason::broadcast_source},
      {"[::ffff:10.0.0.255]:5000", RefusalReason::broadcast_source},
      {"0.0.0.0:5000", RefusalReason::unspecified_source},
  };
  for (const auto& r : refused) {
    BOOST_TEST_CONTEXT(r.from) {
      server.on_datagram(at_ms(1), {ep(r.from), payload});
      auto out = drain(server);
      BOOST_TEST(out.sent.empty());
      auto ev = only<server_event::Refused>(out.events);
      BOOST_REQUIRE_EQUAL(ev.size(), 1u);
      BOOST_TEST(static_cast<int>(ev[0].reason) == static_cast<int>(r.why));
    }
  }
  server.on_datagram(at_ms(2), {ep("10.0.0.7:5000"), payload});
  BOOST_TEST(drain(server).sent.size() == 1u);
  BOOST_TEST(server.stats().refused == 7u);
  BOOST_TEST(server.stats().replied == 1u);
  BOOST_TEST(server.stats().received == 8u);
}

BOOST_AUTO_TEST_CASE(quiet_mode_keeps_counters_without_events) {
  EchoServer server({});
  server.set_events_enabled(false);
  for (int i = 0; i < 100; ++i) server.on_datagram(at_ms(i), {ep("10.0.0.1:5000"), util::as_bytes("abc")});
  auto out = drain(server);
  BOOST_TEST(out.sent.size() == 100u);
  BOOST_TEST(out.events.empty());
  BOOST_TEST(server.stats().bytes_received == 300u);
}

BOOST_AUTO_TEST_SUITE_END()
