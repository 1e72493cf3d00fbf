// The request client over loopback: the same bodies and checks as the simulated suite.
#include <boost/test/unit_test.hpp>

#include "live/live_runtime.hpp"
#include "support/request_conformance.hpp"
#include "util/bytes.hpp"
#include "workload/echo_workloads.hpp"

using namespace udplab;
using namespace std::chrono_literals;

namespace {

std::function<void(const std::function<bool()>&)> runner(live::LiveRuntime& rt) {
  return [&rt](const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!done() && std::chrono::steady_clock::now() < deadline) rt.run_for(20ms);
  };
}

request::RequestConfig config(net::Endpoint target) {
  request::RequestConfig c;
  c.target = target;
  c.message = util::to_vector("hello over loopback");
  c.backoff.initial = 500ms;  // generous: a loaded CI machine must not make attempt 1 time out
  c.backoff.max_wait = 2s;
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(request_live_test)

BOOST_AUTO_TEST_CASE(echo_server_answers_the_first_attempt) {
  live::LiveRuntime rt;
  workload::EchoServerWorkload server(rt, {}, *net::Endpoint::parse("127.0.0.1:0"));
  BOOST_REQUIRE(!server.start());
  auto r = test::run_request(rt, config(server.local_endpoint()), runner(rt));
  test::check_answered_at_once(r, "hello over loopback");
  BOOST_TEST(r.summary.rtt < Duration(500ms));
}

BOOST_AUTO_TEST_CASE(closed_port_is_refused_not_timed_out) {
  live::LiveRuntime rt;
  // A port that was just free: bind, note it, close.
  std::uint16_t port = 0;
  {
    auto s = rt.bind(*net::Endpoint::parse("127.0.0.1:0"));
    BOOST_REQUIRE(s);
    port = (*s)->local_endpoint().port;
  }
  auto r = test::run_request(rt, config({*net::IpAddress::parse("127.0.0.1"), port}), runner(rt));
  test::check_refused_at_once(r);
}

BOOST_AUTO_TEST_CASE(unconnected_socket_sees_and_ignores_other_sources) {
  live::LiveRuntime rt;
  workload::EchoServerWorkload server(rt, {}, *net::Endpoint::parse("127.0.0.1:0"));
  BOOST_REQUIRE(!server.start());
  auto stray = rt.bind(*net::Endpoint::parse("127.0.0.1:0"));
  BOOST_REQUIRE(stray);
  // Stop the server from answering until the stray datagram has been seen, so the order is fixed.
  server.stop();
  auto c = config(server.local_endpoint());
  c.backoff.initial = 100ms;
  c.backoff.max_wait = 400ms;
  auto r = test::run_request(rt, c, runner(rt), {.connect = false}, {}, [&](workload::RequestWorkload& client) {
    BOOST_TEST(!(*stray)->send_to(client.local_endpoint(), util::as_bytes("not from the target")));
  });
  BOOST_TEST(r.summary.ignored == 1u);
  // Unconnected, the closed port is silence: every attempt times out.
  BOOST_TEST(request::to_string(r.summary.outcome) == "gave_up");
  BOOST_TEST(r.summary.attempts.size() == 3u);  // 100, 200, 400 ms
}

BOOST_AUTO_TEST_SUITE_END()
