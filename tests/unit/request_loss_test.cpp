// RequestClient against an EchoServer over an in-memory link (support/lossy_link.hpp), losing the
// n-th datagram for every n of a clean run, then the n-th and the n+1-th: the request still
// succeeds, by the attempt the backoff schedule says (one retry per lost request or reply), each
// attempt sent when the waits before it have run out, and the RTT measured from the attempt
// answered. Losing every attempt gives up after the whole schedule.
#include <boost/test/unit_test.hpp>

#include <set>

#include "echo/echo_server.hpp"
#include "request/request_client.hpp"
#include "support/lossy_link.hpp"
#include "util/bytes.hpp"

using namespace udplab;
using namespace udplab::request;
using namespace std::chrono_literals;

namespace {

const net::Endpoint kClient = *net::Endpoint::parse("10.0.0.1:40000");
const net::Endpoint kServer = *net::Endpoint::parse("10.0.0.2:7");

struct RequestRun {
  RequestSummary summary;
  std::size_t datagrams = 0;
  std::size_t requests = 0;  // datagrams the client sent
  std::size_t timed_out_events = 0;
};

RequestRun run(std::set<std::uint64_t> drop) {
  RequestConfig c{kServer, util::to_vector("what time is it?"), {}};  // waits 0.1, 0.2, 0.4, 0.8, 1.6 s
  RequestClient client(c);
  echo::EchoServer server({});
  test::LossyLink link;
  link.drop = std::move(drop);
  RequestRun r;
  link.attach(kServer, server);
  link.attach(kClient, client, std::function<void(const RequestEvent&)>([&](const RequestEvent& e) {
    if (std::holds_alternative<request_event::TimedOut>(e)) ++r.timed_out_events;
  }));
  link.run([&] { return client.finished(); });
  r.summary = client.summary();
  r.datagrams = link.log.size();
  for (const auto& d : link.log) r.requests += d.from == kClient ? 1 : 0;
  return r;
}

// The attempt that gets its reply when the datagrams numbered in `drop` are lost: each attempt is
// one request and, unless that is lost, one echo; 0 when every attempt is lost.
unsigned answered_attempt(const std::set<std::uint64_t>& drop, unsigned attempts) {
  std::uint64_t n = 1;
  for (unsigned a = 1; a <= attempts; ++a) {
    if (drop.count(n)) {
      n += 1;
    } else if (drop.count(n + 1)) {
      n += 2;
    } else {
      return a;
    }
  }
  return 0;
}

void check_replied(const RequestRun& r, const std::set<std::uint64_t>& drop) {
  const auto waits = backoff_waits(BackoffPolicy{});
  const unsigned expected = answered_attempt(drop, static_cast<unsigned>(waits.size()));
  BOOST_REQUIRE(expected > 0u);
  BOOST_TEST((r.summary.outcome == Outcome::replied));
  BOOST_TEST(r.summary.answered_attempt == expected);
  BOOST_REQUIRE_EQUAL(r.summary.attempts.size(), expected);
  BOOST_TEST(r.timed_out_events == expected - 1);
  Duration sent_at{};
  for (unsigned a = 0; a < expected; ++a) {
    BOOST_TEST(r.summary.attempts[a].sent_at == sent_at);
    BOOST_TEST(r.summary.attempts[a].timed_out == (a + 1 < expected));
    sent_at += waits[a];
  }
  BOOST_TEST(r.summary.rtt == Duration(2ms));
  BOOST_TEST(r.summary.total == r.summary.attempts.back().sent_at + Duration(2ms));
  BOOST_TEST(util::as_chars(r.summary.reply) == "what time is it?");
  BOOST_TEST(r.requests == expected);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(request_loss_test)

BOOST_AUTO_TEST_CASE(losing_any_one_datagram_costs_exactly_one_retry) {
  const auto clean = run({});
  BOOST_REQUIRE_EQUAL(clean.datagrams, 2u);  // the request and its echo
  check_replied(clean, {});
  BOOST_TEST(clean.summary.answered_attempt == 1u);
  for (std::uint64_t n = 1; n <= clean.datagrams; ++n) {
    BOOST_TEST_CONTEXT("losing datagram " << n) {
      const auto r = run({n});
      check_replied(r, {n});
      BOOST_TEST(r.summary.attempts.size() == 2u);  // one retry
    }
  }
}

BOOST_AUTO_TEST_CASE(losing_any_two_consecutive_datagrams_costs_two_retries) {
  for (std::uint64_t n = 1; n <= 2; ++n) {
    BOOST_TEST_CONTEXT("losing datagrams " << n << " and " << n + 1) {
      const auto r = run({n, n + 1});
      check_replied(r, {n, n + 1});
      BOOST_TEST(r.summary.attempts.size() == 3u);  // the second loss is always the first retry
    }
  }
}

BOOST_AUTO_TEST_CASE(losing_every_request_gives_up_after_the_schedule) {
  const auto r = run({1, 2, 3, 4, 5});
  BOOST_TEST((r.summary.outcome == Outcome::gave_up));
  BOOST_TEST(r.summary.attempts.size() == 5u);
  BOOST_TEST(r.timed_out_events == 5u);
  BOOST_TEST(r.summary.total == Duration(3100ms));
  BOOST_TEST(r.datagrams == 5u);
}

BOOST_AUTO_TEST_SUITE_END()
