#include <boost/test/unit_test.hpp>

#include <random>

#include "request/request_client.hpp"
#include "support/engine_harness.hpp"
#include "util/bytes.hpp"

using namespace udplab;
using namespace udplab::request;
using namespace std::chrono_literals;
using test::at_ms;
using test::drain;
using test::only;

namespace {

const net::Endpoint kServer = *net::Endpoint::parse("10.0.0.2:7");

RequestConfig config() {
  RequestConfig c;
  c.target = kServer;
  c.message = util::to_vector("ping?");
  return c;
}

transport::Datagram reply_from(const net::Endpoint& from, std::string_view text) { return {from, util::as_bytes(text)}; }

// Runs the client to the end against a target that answers only attempt `answer` (0: never),
// `delay` after it was sent. Returns the summary.
RequestSummary run(RequestClient& client, unsigned answer, Duration delay) {
  client.start(Time{});
  while (!client.finished()) {
    auto out = drain(client);
    for (auto& sent : only<request_event::AttemptSent>(out.events)) {
      if (sent.attempt == answer) {
        const Time when = sent.at + delay;
        if (when < *client.next_deadline()) {
          client.on_datagram(when, reply_from(kServer, "pong"));
          break;
        }
      }
    }
    if (client.finished()) break;
    client.on_timer(*client.next_deadline());
  }
  return client.summary();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(request_client_test)

BOOST_AUTO_TEST_CASE(first_attempt_answered) {
  RequestClient client(config());
  client.start(at_ms(1000));
  auto out = drain(client);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 1u);
  BOOST_TEST(out.sent[0].to == kServer);
  BOOST_TEST(util::as_chars(out.sent[0].payload) == "ping?");
  BOOST_TEST(*client.next_deadline() == at_ms(1100));
  client.on_timer(at_ms(1099));  // early wake-up: nothing happens
  BOOST_TEST(drain(client).sent.empty());
  client.on_datagram(at_ms(1007), reply_from(kServer, "pong"));
  BOOST_TEST(client.finished());
  BOOST_TEST(!client.next_deadline());
  const auto& s = client.summary();
  BOOST_TEST(to_string(s.outcome) == "replied");
  BOOST_TEST(s.answered_attempt == 1u);
  BOOST_TEST(s.rtt == Duration(7ms));
  BOOST_TEST(s.total == Duration(7ms));
  BOOST_TEST(util::as_chars(s.reply) == "pong");
  BOOST_TEST(s.attempts.size() == 1u);
  BOOST_TEST(!s.attempts[0].timed_out);
}

BOOST_AUTO_TEST_CASE(dead_server_gets_the_whole_schedule_then_a_give_up) {
  RequestClient client(config());
  const auto s = run(client, 0, {});
  BOOST_TEST(to_string(s.outcome) == "gave_up");
  BOOST_REQUIRE_EQUAL(s.attempts.size(), 5u);
  const std::vector<Duration> sent_at{0ms, 100ms, 300ms, 700ms, 1500ms};
  for (std::size_t i = 0; i < 5; ++i) {
    BOOST_TEST(s.attempts[i].number == i + 1);
    BOOST_TEST(s.attempts[i].sent_at == sent_at[i]);
    BOOST_TEST(s.attempts[i].timed_out);
  }
  BOOST_TEST(s.total == Duration(3100ms));
  BOOST_TEST(s.answered_attempt == 0u);
}

// Beast-style loop: lose every attempt before N, for each N; attempt N is the one credited.
BOOST_AUTO_TEST_CASE(the_answered_attempt_is_the_first_one_that_got_through) {
  const std::vector<Duration> sent_at{0ms, 100ms, 300ms, 700ms, 1500ms};
  for (unsigned n = 1; n <= 5; ++n) {
    BOOST_TEST_CONTEXT("answering attempt " << n) {
      RequestClient client(config());
      const auto s = run(client, n, 30ms);
      BOOST_TEST(to_string(s.outcome) == "replied");
      BOOST_TEST(s.answered_attempt == n);
      BOOST_TEST(s.attempts.size() == n);
      BOOST_TEST(s.rtt == Duration(30ms));
      BOOST_TEST(s.total == sent_at[n - 1] + Duration(30ms));
      for (unsigned k = 0; k + 1 < n; ++k) BOOST_TEST(s.attempts[k].timed_out);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_slow_reply_is_credited_to_the_latest_attempt) {
  // The reply to attempt 1 arrives after attempt 2 left: the bytes cannot tell them apart.
  RequestClient client(config());
  client.start(at_ms(0));
  client.on_timer(at_ms(100));
  client.on_datagram(at_ms(130), reply_from(kServer, "pong"));
  BOOST_TEST(client.summary().answered_attempt == 2u);
  BOOST_TEST(client.summary().rtt == Duration(30ms));
  BOOST_TEST(client.summary().total == Duration(130ms));
}

BOOST_AUTO_TEST_CASE(closed_port_ends_the_request_at_once) {
  RequestClient client(config());
  client.start(at_ms(0));
  drain(client);
  client.on_error(at_ms(1), std::make_error_code(std::errc::connection_refused));
  BOOST_TEST(client.finished());
  BOOST_TEST(to_string(client.summary().outcome) == "refused");
  BOOST_TEST(client.summary().total == Duration(1ms));
  BOOST_TEST(only<request_event::Refused>(drain(client).events).size() == 1u);
  BOOST_TEST(!client.next_deadline());
}

BOOST_AUTO_TEST_CASE(send_failure_ends_the_request_with_its_reason) {
  RequestClient client(config());
  client.start(at_ms(0));
  client.on_error(at_ms(0), std::make_error_code(std::errc::permission_denied));
  BOOST_TEST(to_string(client.summary().outcome) == "send_failed");
  BOOST_TEST(client.summary().error == std::make_error_code(std::errc::permission_denied).message());
}

BOOST_AUTO_TEST_CASE(other_sources_are_ignored_and_counted) {
  RequestClient client(config());
  client.start(at_ms(0));
  drain(client);
  client.on_datagram(at_ms(2), reply_from(*net::Endpoint::parse("10.0.0.3:7"), "spoof"));
  client.on_datagram(at_ms(3), reply_from(*net::Endpoint::parse("10.0.0.2:8"), "wrong port"));
  auto ignored = only<request_event::Ignored>(drain(client).events);
  BOOST_REQUIRE_EQUAL(ignored.size(), 2u);
  BOOST_TEST(ignored[0].bytes == 5u);
  BOOST_TEST(!client.finished());
  // The target's address may arrive IPv4-mapped on a dual-stack socket: still the target.
  client.on_datagram(at_ms(4), reply_from(*net::Endpoint::parse("[::ffff:10.0.0.2]:7"), "pong"));
  BOOST_TEST(client.finished());
  BOOST_TEST(client.summary().ignored == 2u);
  client.on_datagram(at_ms(5), reply_from(kServer, "late duplicate"));  // after the end: not counted
  BOOST_TEST(util::as_chars(client.summary().reply) == "pong");
  BOOST_TEST(client.summary().ignored == 2u);
}

BOOST_AUTO_TEST_CASE(jitter_comes_from_the_given_stream_and_keeps_the_attempt_count) {
  auto waits_with = [](std::uint64_t seed) {
    std::mt19937_64 bits(seed);
    auto c = config();
    c.backoff.jitter = true;
    RequestClient client(c, [&bits] { return bits(); });
    const auto s = run(client, 0, {});
    std::vector<Duration> waits;
    for (const auto& a : s.attempts) waits.push_back(a.wait);
    return waits;
  };
  const auto a = waits_with(7), b = waits_with(7), other = waits_with(8);
  BOOST_TEST(a == b, boost::test_tools::per_element());  // same stream, same schedule
  BOOST_TEST(a != other);
  BOOST_REQUIRE_EQUAL(a.size(), 5u);
  const auto nominal = backoff_waits({});
  for (std::size_t i = 0; i < a.size(); ++i) {
    BOOST_TEST(a[i] >= nominal[i] / 2);
    BOOST_TEST(a[i] <= nominal[i]);
  }
}

BOOST_AUTO_TEST_CASE(stop_ends_a_pending_request) {
  RequestClient client(config());
  client.start(at_ms(0));
  client.stop(at_ms(50));
  BOOST_TEST(client.finished());
  BOOST_TEST(to_string(client.summary().outcome) == "stopped");
  BOOST_TEST(client.summary().total == Duration(50ms));
}

BOOST_AUTO_TEST_SUITE_END()
