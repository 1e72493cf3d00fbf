// EchoPing against an EchoServer over an in-memory link (support/lossy_link.hpp), losing the n-th
// datagram for every n of a clean run, then the n-th and the n+1-th: exactly the probes whose probe
// or echo was lost are reported lost (a timeout each), and every other probe is answered once,
// with the link's round-trip time.
#include <boost/test/unit_test.hpp>

#include <set>

#include "echo/echo_ping.hpp"
#include "echo/echo_server.hpp"
#include "support/lossy_link.hpp"

using namespace udplab;
using namespace udplab::echo;
using namespace std::chrono_literals;

namespace {

const net::Endpoint kClient = *net::Endpoint::parse("10.0.0.1:40000");
const net::Endpoint kServer = *net::Endpoint::parse("10.0.0.2:7");

PingConfig config(bool flood) {
  PingConfig c;
  c.target = kServer;
  c.count = 6;
  c.interval = 100ms;
  c.timeout = 50ms;
  c.payload_size = 64;
  c.flood = flood;
  c.window = 3;
  c.session = 77;
  return c;
}

struct PingRun {
  PingSummary summary;
  std::set<std::uint64_t> timed_out, answered;
  std::vector<Duration> rtts;
  std::set<std::uint64_t> hit;  // probes whose probe or echo the link dropped
  std::vector<bool> from_client;  // per datagram, in sending order: a probe (or an echo)
};

PingRun run(bool flood, std::set<std::uint64_t> drop) {
  PingRun r;
  EchoPing ping(config(flood));
  EchoServer server({});
  test::LossyLink link;
  link.drop = std::move(drop);
  link.attach(kServer, server);
  link.attach(kClient, ping, std::function<void(const PingEvent&)>([&](const PingEvent& e) {
    if (const auto* t = std::get_if<ping_event::Timeout>(&e)) BOOST_TEST(r.timed_out.insert(t->seq).second);
    if (const auto* reply = std::get_if<ping_event::Reply>(&e)) {
      BOOST_TEST(!reply->duplicate);
      BOOST_TEST(!reply->late);
      BOOST_TEST(r.answered.insert(reply->seq).second);
      r.rtts.push_back(reply->rtt);
    }
  }));
  link.run([&] { return ping.finished(); });
  BOOST_TEST(ping.finished());
  r.summary = ping.summary();
  for (const auto& d : link.log) {
    r.from_client.push_back(d.from == kClient);
    if (d.dropped) r.hit.insert(decode_probe(d.payload)->seq);
  }
  return r;
}

void check_losses(const PingRun& r, std::size_t lost) {
  BOOST_TEST(r.hit.size() == lost);
  BOOST_TEST(r.timed_out == r.hit);
  BOOST_TEST(r.summary.sent == 6u);
  BOOST_TEST(r.summary.lost == lost);
  BOOST_TEST(r.summary.received == 6u - lost);
  BOOST_TEST(r.answered.size() == 6u - lost);
  for (auto seq : r.answered) BOOST_TEST(!r.hit.count(seq));
  for (auto rtt : r.rtts) BOOST_TEST(rtt == Duration(2ms));  // 1 ms each way
  BOOST_TEST(r.summary.duplicates == 0u);
  BOOST_TEST(r.summary.unmatched == 0u);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(echo_loss_test)

BOOST_AUTO_TEST_CASE(losing_any_one_datagram_loses_exactly_its_probe) {
  for (bool flood : {false, true}) {
    const auto clean = run(flood, {});
    BOOST_REQUIRE_EQUAL(clean.from_client.size(), 12u);  // 6 probes, 6 echoes
    check_losses(clean, 0);
    for (std::uint64_t n = 1; n <= clean.from_client.size(); ++n) {
      BOOST_TEST_CONTEXT((flood ? "flood" : "interval") << ", losing datagram " << n) {
        const auto r = run(flood, {n});
        check_losses(r, 1);
        // A lost probe is never echoed; a lost echo was sent.
        BOOST_TEST(r.from_client.size() == (clean.from_client[n - 1] ? 11u : 12u));
      }
    }
  }
}

// Two in a row: always two probes, as a lost probe is never echoed and the next datagram is
// another probe's; only when the first is the last probe is nothing left to lose after it.
BOOST_AUTO_TEST_CASE(losing_any_two_consecutive_datagrams_loses_exactly_their_probes) {
  for (bool flood : {false, true}) {
    const auto clean = run(flood, {});
    for (std::uint64_t n = 1; n < clean.from_client.size(); ++n) {
      BOOST_TEST_CONTEXT((flood ? "flood" : "interval") << ", losing datagrams " << n << " and " << n + 1) {
        const auto r = run(flood, {n, n + 1});
        const bool second_was_sent = n + 1 <= r.from_client.size();
        check_losses(r, second_was_sent ? 2 : 1);
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
