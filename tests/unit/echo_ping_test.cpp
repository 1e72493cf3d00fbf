#include <boost/test/unit_test.hpp>

#include <deque>

#include "echo/echo_ping.hpp"
#include "support/engine_harness.hpp"

using namespace udplab;
using namespace udplab::echo;
using namespace std::chrono_literals;
using test::at_ms;
using test::drain;
using test::only;

namespace {

const net::Endpoint kServer{*net::IpAddress::parse("10.0.0.2"), 7};

PingConfig config(std::uint64_t count = 3) {
  PingConfig c;
  c.target = kServer;
  c.count = count;
  c.interval = 100ms;
  c.timeout = 50ms;
  c.payload_size = 64;
  c.session = 77;
  return c;
}

// Answers a probe the way an echo server does: the same bytes back.
transport::Datagram echo_of(const transport::Transmit& t) { return {kServer, t.payload}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(echo_ping_test)

BOOST_AUTO_TEST_CASE(sends_on_schedule_and_measures_rtt) {
  EchoPing ping(config(3));
  ping.start(at_ms(0));
  auto out = drain(ping);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 1u);
  BOOST_TEST(out.sent[0].to == kServer);
  BOOST_TEST(out.sent[0].payload.size() == 64u);
  auto first = out.sent[0];

  ping.on_datagram(at_ms(12), echo_of(first));
  auto replies = only<ping_event::Reply>(drain(ping).events);
  BOOST_REQUIRE_EQUAL(replies.size(), 1u);
  BOOST_TEST(replies[0].seq == 1u);
  BOOST_TEST(replies[0].rtt == Duration(12ms));
  BOOST_TEST(!replies[0].late);

  BOOST_TEST(*ping.next_deadline() == at_ms(100));
  ping.on_timer(at_ms(99));  // early wake-up: nothing due
  BOOST_TEST(drain(ping).sent.empty());
  ping.on_timer(at_ms(100));
  auto second = drain(ping).sent;
  BOOST_REQUIRE_EQUAL(second.size(), 1u);
  ping.on_datagram(at_ms(120), echo_of(second[0]));
  ping.on_timer(at_ms(200));
  auto third = drain(ping).sent;
  BOOST_REQUIRE_EQUAL(third.size(), 1u);
  BOOST_TEST(!ping.finished());
  ping.on_datagram(at_ms(230), echo_of(third[0]));
  BOOST_TEST(ping.finished());

  auto s = ping.summary();
  BOOST_TEST(s.sent == 3u);
  BOOST_TEST(s.received == 3u);
  BOOST_TEST(s.lost == 0u);
  BOOST_TEST(s.rtt.min == Duration(12ms));
  BOOST_TEST(s.rtt.max == Duration(30ms));
  BOOST_TEST(s.rtt.avg.count() == 20'666'667);  // (12 + 20 + 30) / 3 ms
  BOOST_TEST(s.reordered == 0u);
}

BOOST_AUTO_TEST_CASE(timeout_then_late_reply_is_received_not_lost) {
  EchoPing ping(config(1));
  ping.start(at_ms(0));
  auto probe = drain(ping).sent.at(0);
  BOOST_TEST(*ping.next_deadline() == at_ms(50));
  ping.on_timer(at_ms(50));
  auto timeouts = only<ping_event::Timeout>(drain(ping).events);
  BOOST_REQUIRE_EQUAL(timeouts.size(), 1u);
  BOOST_TEST(timeouts[0].seq == 1u);
  // Every probe is sent and resolved: the run is over, and a reply after that is not waited for.
  BOOST_TEST(ping.finished());
  BOOST_TEST(ping.summary().lost == 1u);

  EchoPing ping2(config(2));
  ping2.start(at_ms(0));
  auto p1 = drain(ping2).sent.at(0);
  ping2.on_timer(at_ms(50));  // probe 1 times out, probe 2 not yet sent
  drain(ping2);
  ping2.on_datagram(at_ms(70), echo_of(p1));  // late
  auto r = only<ping_event::Reply>(drain(ping2).events);
  BOOST_REQUIRE_EQUAL(r.size(), 1u);
  BOOST_TEST(r[0].late);
  auto s = ping2.summary();
  BOOST_TEST(s.late == 1u);
  BOOST_TEST(s.received == 1u);
  (void)probe;
}

BOOST_AUTO_TEST_CASE(duplicates_and_reordering) {
  PingConfig c = config(3);
  c.interval = 1ms;
  c.timeout = 500ms;
  EchoPing ping(c);
  ping.start(at_ms(0));
  std::vector<transport::Transmit> probes = drain(ping).sent;
  ping.on_timer(at_ms(1));
  probes.push_back(drain(ping).sent.at(0));
  ping.on_timer(at_ms(2));
  probes.push_back(drain(ping).sent.at(0));
  BOOST_REQUIRE_EQUAL(probes.size(), 3u);

  ping.on_datagram(at_ms(10), echo_of(probes[2]));
  ping.on_datagram(at_ms(11), echo_of(probes[0]));  // overtaken by 3: reordered
  ping.on_datagram(at_ms(12), echo_of(probes[0]));  // again: duplicate
  ping.on_datagram(at_ms(13), echo_of(probes[1]));  // also after 3: reordered
  auto replies = only<ping_event::Reply>(drain(ping).events);
  BOOST_REQUIRE_EQUAL(replies.size(), 4u);
  BOOST_TEST(!replies[0].reordered);
  BOOST_TEST(replies[1].reordered);
  BOOST_TEST(replies[2].duplicate);
  BOOST_TEST(replies[3].reordered);
  auto s = ping.summary();
  BOOST_TEST(s.received == 3u);
  BOOST_TEST(s.duplicates == 1u);
  BOOST_TEST(s.reordered == 2u);
  BOOST_TEST(s.rtt.samples == 3u);  // duplicates do not count towards RTT
  BOOST_TEST(ping.finished());
}

BOOST_AUTO_TEST_CASE(unmatched_datagrams_are_counted_not_miscounted) {
  EchoPing ping(config(1));
  ping.start(at_ms(0));
  auto probe = drain(ping).sent.at(0);
  auto other_session = probe.payload;
  other_session[15] ^= std::byte{1};  // session id byte
  auto truncated = std::vector<std::byte>(probe.payload.begin(), probe.payload.begin() + 40);
  std::vector<std::byte> garbage(64, std::byte{'x'});
  std::vector<std::byte> future;
  encode_probe(Probe{77, 99, 0}, 64, future);
  for (const auto& bytes : {other_session, truncated, garbage, future}) ping.on_datagram(at_ms(5), {kServer, bytes});
  auto unmatched = only<ping_event::Unmatched>(drain(ping).events);
  BOOST_TEST(unmatched.size() == 4u);
  BOOST_TEST(ping.summary().unmatched == 4u);
  BOOST_TEST(ping.summary().received == 0u);
  BOOST_TEST(!ping.finished());
  ping.on_datagram(at_ms(6), echo_of(probe));
  BOOST_TEST(ping.finished());
  BOOST_TEST(ping.summary().received == 1u);
}

// Beast-style failure loop: lose the reply to probe N, for every N; exactly that one is lost.
BOOST_AUTO_TEST_CASE(losing_any_one_reply_loses_exactly_that_probe) {
  constexpr std::uint64_t kCount = 8;
  for (std::uint64_t lose = 1; lose <= kCount; ++lose) {
    BOOST_TEST_CONTEXT("losing reply " << lose) {
      EchoPing ping(config(kCount));
      ping.start(at_ms(0));
      std::int64_t now = 0;
      std::vector<std::uint64_t> timed_out;
      while (!ping.finished() && now < 10'000) {
        auto out = drain(ping);
        for (auto& t : out.sent) {
          auto p = decode_probe(t.payload);
          if (p->seq != lose) ping.on_datagram(at_ms(now + 5), echo_of(t));
        }
        for (auto& e : only<ping_event::Timeout>(out.events)) timed_out.push_back(e.seq);
        auto next = ping.next_deadline();
        if (!next) break;
        now = std::chrono::duration_cast<std::chrono::milliseconds>(next->time_since_epoch()).count();
        ping.on_timer(*next);
      }
      for (auto& e : only<ping_event::Timeout>(drain(ping).events)) timed_out.push_back(e.seq);
      BOOST_TEST(ping.finished());
      auto s = ping.summary();
      BOOST_TEST(s.sent == kCount);
      BOOST_TEST(s.received == kCount - 1);
      BOOST_TEST(s.lost == 1u);
      BOOST_TEST(timed_out == std::vector<std::uint64_t>{lose});
    }
  }
}

BOOST_AUTO_TEST_CASE(flood_keeps_window_in_flight) {
  PingConfig c = config(10);
  c.flood = true;
  c.window = 4;
  EchoPing ping(c);
  ping.start(at_ms(0));
  auto out = drain(ping);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 4u);
  std::deque<transport::Transmit> in_flight(out.sent.begin(), out.sent.end());
  std::uint64_t total = 4;
  std::int64_t t = 1;
  while (!in_flight.empty()) {
    auto probe = in_flight.front();
    in_flight.pop_front();
    ping.on_datagram(at_ms(t++), echo_of(probe));
    auto more = drain(ping).sent;
    BOOST_TEST(more.size() <= 1u);
    total += more.size();
    for (auto& m : more) in_flight.push_back(m);
    BOOST_TEST(in_flight.size() <= 4u);
  }
  BOOST_TEST(total == 10u);
  BOOST_TEST(ping.finished());
  BOOST_TEST(ping.summary().received == 10u);
}

BOOST_AUTO_TEST_CASE(stop_counts_in_flight_as_lost) {
  EchoPing ping(config(0));  // unlimited
  ping.start(at_ms(0));
  drain(ping);
  ping.stop(at_ms(10));
  BOOST_TEST(ping.finished());
  BOOST_TEST(!ping.next_deadline().has_value());
  auto s = ping.summary();
  BOOST_TEST(s.sent == 1u);
  BOOST_TEST(s.lost == 1u);
  BOOST_TEST(s.loss_percent == 100.0);
}

BOOST_AUTO_TEST_CASE(duration_limit_ends_sending) {
  PingConfig c = config(0);
  c.duration = 250ms;
  EchoPing ping(c);
  ping.start(at_ms(0));
  for (std::int64_t t = 0; t <= 1000 && !ping.finished(); t += 10) {
    for (auto& tx : drain(ping).sent) ping.on_datagram(at_ms(t + 1), echo_of(tx));
    ping.on_timer(at_ms(t + 10));
  }
  BOOST_TEST(ping.finished());
  BOOST_TEST(ping.summary().sent == 3u);  // at 0, 100 and 200 ms
}

BOOST_AUTO_TEST_CASE(validation_names_the_option) {
  PingConfig c = config();
  c.payload_size = 10;
  BOOST_TEST((validate(c).value().field == PingField::payload_size));
  c = config();
  c.timeout = Duration::zero();
  BOOST_TEST((validate(c).value().field == PingField::timeout));
  c = config();
  c.flood = true;
  c.window = 0;
  BOOST_TEST((validate(c).value().field == PingField::window));
  BOOST_TEST(validate(c)->why == "must be between 1 and 32768");
  BOOST_TEST(!validate(config()).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
