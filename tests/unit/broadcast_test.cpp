#include <boost/test/unit_test.hpp>

#include "broadcast/broadcast_listener.hpp"
#include "broadcast/broadcast_sender.hpp"
#include "broadcast/broadcast_targets.hpp"
#include "support/engine_harness.hpp"
#include "util/bytes.hpp"

using namespace udplab;
using namespace udplab::broadcast;
using namespace std::chrono_literals;
using test::at_ms;
using test::drain;
using test::only;

namespace {

net::Endpoint ep(const char* s) { return *net::Endpoint::parse(s); }

SendConfig send_config(std::uint64_t count) {
  SendConfig c;
  c.targets = {ep("255.255.255.255:7071"), ep("10.0.1.255:7071")};
  c.message = util::to_vector("hello, segment");
  c.count = count;
  c.interval = 500ms;
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(broadcast_test)

BOOST_AUTO_TEST_CASE(one_message_to_every_target_then_done) {
  BroadcastSender s(send_config(1));
  s.start(at_ms(10));
  auto out = drain(s);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 2u);
  BOOST_TEST(out.sent[0].to == ep("255.255.255.255:7071"));
  BOOST_TEST(out.sent[1].to == ep("10.0.1.255:7071"));
  BOOST_TEST(util::as_chars(out.sent[1].payload) == "hello, segment");
  BOOST_TEST(only<send_event::Sending>(out.events).size() == 2u);
  BOOST_TEST(s.finished());
  BOOST_TEST(!s.next_deadline());
  BOOST_TEST(s.stats().sent == 2u);
  BOOST_TEST(s.stats().rounds == 1u);
}

BOOST_AUTO_TEST_CASE(repeats_on_schedule_and_counts_failures) {
  BroadcastSender s(send_config(3));
  s.start(at_ms(0));
  BOOST_TEST(drain(s).sent.size() == 2u);
  BOOST_TEST(*s.next_deadline() == at_ms(500));
  s.on_timer(at_ms(499));
  BOOST_TEST(drain(s).sent.empty());
  s.on_timer(at_ms(500));
  BOOST_TEST(drain(s).sent.size() == 2u);
  // The driver reports that one of them failed (e.g. the limited broadcast had no route).
  s.on_error(at_ms(500), std::make_error_code(std::errc::network_unreachable));
  BOOST_TEST(only<send_event::SendFailed>(drain(s).events).size() == 1u);
  s.on_timer(at_ms(1700));  // woke late: one round, not a burst of catch-up rounds
  BOOST_TEST(drain(s).sent.size() == 2u);
  BOOST_TEST(s.finished());
  BOOST_TEST(s.stats().sent == 5u);
  BOOST_TEST(s.stats().send_errors == 1u);
  BOOST_TEST(s.stats().last_error == std::make_error_code(std::errc::network_unreachable).message());
  BOOST_TEST(s.stats().elapsed == Duration(1700ms));
}

BOOST_AUTO_TEST_CASE(sender_validation) {
  BOOST_TEST(!validate(send_config(1)));
  auto c = send_config(0);
  BOOST_TEST((validate(c).value().field == SendField::count));
  c = send_config(1);
  c.targets.clear();
  BOOST_TEST((validate(c).value().field == SendField::targets));
  c = send_config(1);
  c.message.resize(65508);
  BOOST_TEST((validate(c).value().field == SendField::message));
  BOOST_TEST(validate(c)->why.find("65507") != std::string::npos);
  c = send_config(2);
  c.interval = 0ms;
  BOOST_TEST((validate(c).value().field == SendField::interval));
}

BOOST_AUTO_TEST_CASE(listener_reports_each_datagram_and_stops_at_the_count) {
  BroadcastListener l({.count = 3});
  l.start(at_ms(0));
  BOOST_TEST(!l.next_deadline());  // no duration: waits for ever
  l.on_datagram(at_ms(1), {ep("10.0.1.1:40000"), util::as_bytes("one")});
  l.on_datagram(at_ms(2), {ep("10.0.1.2:40000"), util::as_bytes("two")});
  l.on_datagram(at_ms(3), {ep("10.0.1.1:40000"), util::as_bytes("three")});
  auto got = only<listen_event::Received>(drain(l).events);
  BOOST_REQUIRE_EQUAL(got.size(), 3u);
  BOOST_TEST(got[1].from == ep("10.0.1.2:40000"));
  BOOST_TEST(util::as_chars(got[2].payload) == "three");
  BOOST_TEST(l.finished());
  l.on_datagram(at_ms(4), {ep("10.0.1.3:40000"), util::as_bytes("late")});  // after the end: ignored
  BOOST_TEST(l.stats().received == 3u);
  BOOST_TEST(l.stats().bytes == 11u);
  BOOST_TEST(l.stats().senders.size() == 2u);
  BOOST_TEST(l.stats().elapsed == Duration(3ms));
}

BOOST_AUTO_TEST_CASE(listener_stops_after_its_duration) {
  BroadcastListener l({.duration = 2s});
  l.start(at_ms(100));
  BOOST_TEST(*l.next_deadline() == at_ms(2100));
  l.on_timer(at_ms(2099));
  BOOST_TEST(!l.finished());
  l.on_timer(at_ms(2100));
  BOOST_TEST(l.finished());
  BOOST_TEST(l.stats().received == 0u);
}

BOOST_AUTO_TEST_CASE(targets_given_limited_or_every_interface) {
  const std::vector<net::IpAddress> interfaces{*net::IpAddress::parse("10.0.1.255"), *net::IpAddress::parse("10.0.2.255")};
  const std::vector<net::IpAddress> given{*net::IpAddress::parse("192.168.7.255")};
  auto t = broadcast_targets(given, false, 9, interfaces);
  BOOST_TEST(t == (std::vector<net::Endpoint>{ep("192.168.7.255:9")}), boost::test_tools::per_element());
  t = broadcast_targets({}, true, 9, interfaces);
  BOOST_TEST(t == (std::vector<net::Endpoint>{ep("255.255.255.255:9")}), boost::test_tools::per_element());
  t = broadcast_targets({}, false, 9, interfaces);
  BOOST_TEST(t == (std::vector<net::Endpoint>{ep("10.0.1.255:9"), ep("10.0.2.255:9")}), boost::test_tools::per_element());
  t = broadcast_targets({}, false, 9, {});  // no broadcast-capable interface: the limited address
  BOOST_TEST(t == (std::vector<net::Endpoint>{ep("255.255.255.255:9")}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
