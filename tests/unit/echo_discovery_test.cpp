// The echo server answering discovery probes, within its anti-amplification rules.
#include <boost/test/unit_test.hpp>

#include "discovery/discovery_codec.hpp"
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

ServerConfig discoverable() {
  ServerConfig c;
  c.broadcast_addresses = {*net::IpAddress::parse("10.0.0.255")};
  c.discovery = *discovery::Identity::make(discovery::Role::echo_server, "lab-echo", "0.1.0");
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(echo_discovery_test)

BOOST_AUTO_TEST_CASE(a_probe_gets_the_servers_name_not_an_echo) {
  EchoServer server(discoverable());
  const auto probe = discovery::encode_probe({5, 1});
  server.on_datagram(at_ms(1), {ep("10.0.0.1:40000"), probe});
  auto out = drain(server);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 1u);
  BOOST_TEST(out.sent[0].to == ep("10.0.0.1:40000"));  // unicast, to the prober
  auto reply = discovery::decode_reply(out.sent[0].payload);
  BOOST_REQUIRE(reply.has_value());
  BOOST_TEST(reply->identity.name() == "lab-echo");
  BOOST_TEST((reply->probe == discovery::Probe{5, 1}));
  BOOST_TEST(out.sent[0].payload.size() <= probe.size());  // no amplification
  BOOST_TEST(only<server_event::DiscoveryAnswered>(out.events).size() == 1u);
  BOOST_TEST(server.stats().discovery_answered == 1u);
  BOOST_TEST(server.stats().replied == 1u);
}

BOOST_AUTO_TEST_CASE(probes_from_broadcast_sources_are_refused_like_any_datagram) {
  EchoServer server(discoverable());
  const auto probe = discovery::encode_probe({5, 1});
  for (const char* from : {"10.0.0.255:40000", "255.255.255.255:40000", "10.0.0.1:0", "224.0.0.1:40000"})
    server.on_datagram(at_ms(1), {ep(from), probe});
  BOOST_TEST(drain(server).sent.empty());
  BOOST_TEST(server.stats().refused == 4u);
  BOOST_TEST(server.stats().discovery_answered == 0u);
}

BOOST_AUTO_TEST_CASE(everything_else_is_still_echoed) {
  EchoServer server(discoverable());
  const auto reply = discovery::encode_reply({{5, 1}, *discovery::Identity::make(discovery::Role::responder, "x", "1")});
  auto almost_probe = discovery::encode_probe({5, 1});
  almost_probe.push_back(std::byte{0});
  for (const auto& payload : {util::to_vector("hello"), reply, almost_probe}) {
    server.on_datagram(at_ms(1), {ep("10.0.0.1:40000"), payload});
    auto out = drain(server);
    BOOST_REQUIRE_EQUAL(out.sent.size(), 1u);
    BOOST_TEST(out.sent[0].payload == payload);
  }
  BOOST_TEST(server.stats().discovery_answered == 0u);
}

BOOST_AUTO_TEST_CASE(without_an_identity_probes_are_echoed) {
  EchoServer server({});
  const auto probe = discovery::encode_probe({5, 1});
  server.on_datagram(at_ms(1), {ep("10.0.0.1:40000"), probe});
  auto out = drain(server);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 1u);
  BOOST_TEST(out.sent[0].payload == probe);
}

BOOST_AUTO_TEST_SUITE_END()
