#include <boost/test/unit_test.hpp>

#include "discovery/discoverer.hpp"
#include "support/engine_harness.hpp"
#include "util/bytes.hpp"

using namespace udplab;
using namespace udplab::discovery;
using namespace std::chrono_literals;
using test::at_ms;
using test::drain;
using test::only;

namespace {

net::Endpoint ep(const char* s) { return *net::Endpoint::parse(s); }

DiscoverConfig config(unsigned probes = 1) {
  DiscoverConfig c;
  c.targets = {ep("255.255.255.255:7"), ep("10.0.0.255:7")};
  c.probes = probes;
  c.interval = 100ms;
  c.timeout = 500ms;
  c.nonce = 77;
  return c;
}

std::vector<std::byte> answer(std::uint32_t seq, const char* name, std::uint64_t nonce = 77) {
  auto id = Identity::make(Role::echo_server, name, "0.1.0");
  return encode_reply({{nonce, seq}, *id});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(discoverer_test)

BOOST_AUTO_TEST_CASE(one_round_to_every_target_then_collects_answers) {
  Discoverer d(config());
  d.start(at_ms(0));
  auto out = drain(d);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 2u);
  BOOST_TEST(out.sent[0].to == ep("255.255.255.255:7"));
  BOOST_TEST(out.sent[1].to == ep("10.0.0.255:7"));
  BOOST_TEST((decode_probe(out.sent[0].payload).value() == Probe{77, 1}));
  BOOST_TEST(*d.next_deadline() == at_ms(500));

  d.on_datagram(at_ms(3), {ep("10.0.0.2:7"), answer(1, "alpha")});
  d.on_datagram(at_ms(5), {ep("10.0.0.3:7"), answer(1, "beta")});
  d.on_datagram(at_ms(6), {ep("10.0.0.2:7"), answer(1, "alpha")});  // its answer to the 2nd target
  auto found = only<discover_event::Found>(drain(d).events);
  BOOST_REQUIRE_EQUAL(found.size(), 2u);
  BOOST_TEST(found[0].responder.name == "alpha");
  BOOST_TEST(found[0].responder.rtt == Duration(3ms));
  BOOST_TEST(found[0].responder.role == "echo server");
  BOOST_TEST(found[1].responder.from == ep("10.0.0.3:7"));

  d.on_timer(at_ms(499));
  BOOST_TEST(!d.finished());
  d.on_timer(at_ms(500));
  BOOST_TEST(d.finished());
  const auto& s = d.summary();
  BOOST_TEST(s.probes_sent == 2u);
  BOOST_REQUIRE_EQUAL(s.responders.size(), 2u);
  BOOST_TEST(s.responders[0].answers == 2u);
  BOOST_TEST(s.duplicates == 1u);
  BOOST_TEST(s.elapsed == Duration(500ms));
}

BOOST_AUTO_TEST_CASE(foreign_stale_and_garbage_answers) {
  Discoverer d(config());
  d.start(at_ms(0));
  const auto probe = drain(d).sent.at(0).payload;
  d.on_datagram(at_ms(1), {ep("10.0.0.9:7"), probe});                  // a plain echo server
  d.on_datagram(at_ms(2), {ep("10.0.0.4:7"), answer(1, "old", 76)});  // another run's answer
  d.on_datagram(at_ms(2), {ep("10.0.0.4:7"), answer(2, "early")});    // a round never sent
  d.on_datagram(at_ms(2), {ep("10.0.0.4:7"), encode_probe({76, 1})});  // another run's probe, echoed
  d.on_datagram(at_ms(3), {ep("10.0.0.5:7"), util::to_vector("hello")});
  auto out = drain(d);
  auto found = only<discover_event::Found>(out.events);
  BOOST_REQUIRE_EQUAL(found.size(), 1u);
  BOOST_TEST(found[0].responder.role == "echo (no discovery)");
  BOOST_TEST(found[0].responder.rtt == Duration(1ms));
  auto invalid = only<discover_event::Invalid>(out.events);
  BOOST_REQUIRE_EQUAL(invalid.size(), 1u);
  BOOST_TEST(invalid[0].reason == "not a discovery datagram");
  BOOST_TEST(d.summary().stale == 3u);
  BOOST_TEST(d.summary().invalid == 1u);
}

BOOST_AUTO_TEST_CASE(several_rounds_and_rtt_from_the_round_answered) {
  Discoverer d(config(3));
  d.start(at_ms(0));
  BOOST_TEST(drain(d).sent.size() == 2u);
  BOOST_TEST(*d.next_deadline() == at_ms(100));
  d.on_timer(at_ms(100));
  BOOST_TEST(drain(d).sent.size() == 2u);
  // A responder that missed round 1 answers round 2: its RTT counts from round 2.
  d.on_datagram(at_ms(104), {ep("10.0.0.2:7"), answer(2, "late-joiner")});
  d.on_timer(at_ms(200));
  BOOST_TEST(drain(d).sent.size() == 2u);
  BOOST_TEST(*d.next_deadline() == at_ms(700));
  d.on_timer(at_ms(700));
  BOOST_TEST(d.finished());
  BOOST_TEST(d.summary().probes_sent == 6u);
  BOOST_REQUIRE_EQUAL(d.summary().responders.size(), 1u);
  BOOST_TEST(d.summary().responders[0].rtt == Duration(4ms));
  BOOST_TEST(d.summary().responders[0].probe == 2u);
}

BOOST_AUTO_TEST_CASE(late_wake_up_sends_missed_rounds_once) {
  Discoverer d(config(3));
  d.start(at_ms(0));
  drain(d);
  d.on_timer(at_ms(250));  // both later rounds were due
  BOOST_TEST(drain(d).sent.size() == 4u);
  BOOST_TEST(*d.next_deadline() == at_ms(700));
}

BOOST_AUTO_TEST_CASE(send_errors_are_counted) {
  Discoverer d(config());
  d.start(at_ms(0));
  d.on_error(at_ms(0), std::make_error_code(std::errc::permission_denied));
  BOOST_TEST(d.summary().send_errors == 1u);
  BOOST_TEST(only<discover_event::SendFailed>(drain(d).events).size() == 1u);
}

BOOST_AUTO_TEST_CASE(validation) {
  auto c = config();
  BOOST_TEST(!validate(c));
  c.targets.clear();
  BOOST_TEST((validate(c).value().field == DiscoverField::targets));
  c = config(0);
  BOOST_TEST((validate(c).value().field == DiscoverField::probes));
  BOOST_TEST(validate(c)->why == "must be between 1 and 100");
  c = config();
  c.timeout = 0ms;
  BOOST_TEST((validate(c).value().field == DiscoverField::timeout));
}

BOOST_AUTO_TEST_SUITE_END()
