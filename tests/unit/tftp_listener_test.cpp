// The request port: what gets a session, what gets an ERROR, what gets nothing.
#include <boost/test/unit_test.hpp>

#include "support/engine_harness.hpp"
#include "tftp/listener.hpp"

using namespace udplab;
using namespace udplab::tftp;
using test::at_ms;
using test::drain;
using test::only;

namespace {

const net::Endpoint kClient{*net::IpAddress::parse("192.0.2.5"), 3000};

std::vector<std::byte> bytes(const Packet& p) {
  std::vector<std::byte> out;
  BOOST_REQUIRE(!encode(p, out));
  return out;
}

// Feeds one datagram; returns the ERROR code sent back, if any.
std::optional<ErrorCode> answer(Listener& l, std::int64_t ms, const net::Endpoint& from, std::vector<std::byte> d) {
  l.on_datagram(at_ms(ms), {from, d});
  auto out = drain(l);
  if (out.sent.empty()) return std::nullopt;
  BOOST_TEST(out.sent.size() == 1u);
  BOOST_TEST(out.sent[0].to == from);
  auto p = decode(out.sent[0].payload);
  BOOST_REQUIRE(p && std::holds_alternative<Error>(*p));
  return std::get<Error>(*p).code;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tftp_listener_test)

BOOST_AUTO_TEST_CASE(requests_become_sessions) {
  Listener l({});
  l.on_datagram(at_ms(0), {kClient, bytes(Rrq{"a", Mode::octet, {{"blksize", "1024"}}})});
  auto out = drain(l);
  BOOST_TEST(out.sent.empty());
  auto requests = only<listener_event::Request>(out.events);
  BOOST_REQUIRE_EQUAL(requests.size(), 1u);
  BOOST_TEST(requests[0].from == kClient);
  BOOST_TEST(std::get<Rrq>(requests[0].request).filename == "a");
  BOOST_TEST(l.active_sessions() == 1u);
  l.session_ended();
  BOOST_TEST(l.active_sessions() == 0u);
}

BOOST_AUTO_TEST_CASE(bad_packets_get_error_4_and_the_listener_keeps_serving) {
  Listener l({});
  const std::vector<std::vector<std::byte>> bad = {
      {std::byte{0}, std::byte{1}, std::byte{'x'}},  // RRQ without NUL
      {std::byte{0}, std::byte{9}},                  // bad opcode
      {std::byte{7}},                                // one byte
      bytes(Ack{1}),
      bytes(Data{1, {}}),
      bytes(Oack{}),
  };
  for (const auto& d : bad) BOOST_TEST((answer(l, 0, kClient, d) == ErrorCode::illegal_operation));
  BOOST_TEST(!answer(l, 0, kClient, bytes(Error{ErrorCode::not_defined, "x"})));  // never answer an ERROR
  BOOST_TEST(l.stats().malformed == 6u);
  BOOST_TEST(!answer(l, 1, kClient, bytes(Wrq{"b", Mode::octet, {}})));
  BOOST_TEST(l.stats().requests == 1u);
}

BOOST_AUTO_TEST_CASE(spoofable_sources_get_nothing) {
  Listener l({.broadcast_addresses = {*net::IpAddress::parse("192.0.2.255")}});
  const auto rrq = bytes(Rrq{"a", Mode::octet, {}});
  for (const char* src : {"0.0.0.0:3000", "255.255.255.255:3000", "224.0.0.1:3000", "192.0.2.255:3000", "192.0.2.5:0",
                          "[::]:3000", "[ff02::1]:3000", "[::ffff:192.0.2.255]:3000", "[::ffff:224.0.0.1]:3000"})
    BOOST_TEST(!answer(l, 0, *net::Endpoint::parse(src), rrq), src);
  BOOST_TEST(l.stats().ignored == 9u);
  BOOST_TEST(l.stats().requests == 0u);
}

BOOST_AUTO_TEST_CASE(too_many_sessions_means_busy) {
  Listener l({.max_sessions = 2});
  const auto rrq = bytes(Rrq{"a", Mode::octet, {}});
  BOOST_TEST(!answer(l, 0, kClient, rrq));
  BOOST_TEST(!answer(l, 0, {kClient.address, 3001}, rrq));
  BOOST_TEST((answer(l, 0, {kClient.address, 3002}, rrq) == ErrorCode::not_defined));
  BOOST_TEST(l.stats().busy == 1u);
  l.session_ended();
  BOOST_TEST(!answer(l, 0, {kClient.address, 3003}, rrq));
}

BOOST_AUTO_TEST_CASE(per_client_rate_is_limited_with_a_burst) {
  Listener l({.per_client_rate = 10, .per_client_burst = 3});
  const auto rrq = bytes(Rrq{"a", Mode::octet, {}});
  for (int i = 0; i < 3; ++i) {
    BOOST_TEST(!answer(l, 0, {kClient.address, static_cast<std::uint16_t>(4000 + i)}, rrq));
    l.session_ended();
  }
  BOOST_TEST((answer(l, 0, {kClient.address, 4010}, rrq) == ErrorCode::not_defined));
  // Another client is not affected; the first one gets a token back after 100 ms.
  BOOST_TEST(!answer(l, 0, {*net::IpAddress::parse("192.0.2.6"), 4000}, rrq));
  BOOST_TEST((answer(l, 99, {kClient.address, 4011}, rrq) == ErrorCode::not_defined));
  BOOST_TEST(!answer(l, 210, {kClient.address, 4012}, rrq));
  BOOST_TEST(l.stats().rate_limited == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
