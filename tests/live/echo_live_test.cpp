// The echo experiment over loopback: the same body and checks as the simulated one.
#include <boost/test/unit_test.hpp>

#include "live/live_runtime.hpp"
#include "support/echo_conformance.hpp"

using namespace udplab;
using namespace std::chrono_literals;

namespace {

echo::PingConfig ping_config(std::uint64_t count) {
  echo::PingConfig c;
  c.count = count;
  c.interval = 2ms;
  c.timeout = 2s;
  c.payload_size = 100;
  c.session = 99;
  return c;
}

std::function<void(const std::function<bool()>&)> runner(live::LiveRuntime& rt) {
  return [&rt](const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!done() && std::chrono::steady_clock::now() < deadline) rt.run_for(20ms);
  };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(echo_live_test)

BOOST_AUTO_TEST_CASE(loopback_answers_everything_ipv4) {
  live::LiveRuntime rt;
  auto r = test::run_echo(rt, *net::Endpoint::parse("127.0.0.1:0"), rt, *net::IpAddress::parse("127.0.0.1"), ping_config(50),
                          runner(rt));
  test::check_clean(r, 50);
  BOOST_TEST(r.ping.rtt.max < Duration(1s));
}

BOOST_AUTO_TEST_CASE(loopback_answers_everything_portable_io) {
  live::LiveRuntime rt({.batch_io = false});
  auto r = test::run_echo(rt, *net::Endpoint::parse("127.0.0.1:0"), rt, *net::IpAddress::parse("127.0.0.1"), ping_config(50),
                          runner(rt));
  test::check_clean(r, 50);
}

BOOST_AUTO_TEST_CASE(loopback_answers_everything_ipv6) {
  live::LiveRuntime rt;
  if (!rt.bind(*net::Endpoint::parse("[::1]:0"))) {
    BOOST_TEST_MESSAGE("no IPv6 loopback; skipped");
    return;
  }
  auto r = test::run_echo(rt, *net::Endpoint::parse("[::1]:0"), rt, *net::IpAddress::parse("::1"), ping_config(20), runner(rt));
  test::check_clean(r, 20);
}

BOOST_AUTO_TEST_CASE(flood_mode_completes_with_counts_intact) {
  live::LiveRuntime rt;
  auto config = ping_config(20'000);
  config.flood = true;
  config.window = 64;
  auto r = test::run_echo(rt, *net::Endpoint::parse("127.0.0.1:0"), rt, *net::IpAddress::parse("127.0.0.1"), config, runner(rt));
  // Loopback may drop under a flood when buffers fill; what arrives is counted exactly once.
  BOOST_TEST(r.ping.sent == 20'000u);
  BOOST_TEST(r.ping.received + r.ping.lost == 20'000u);
  BOOST_TEST(r.ping.duplicates == 0u);
  BOOST_TEST(r.ping.unmatched == 0u);
  BOOST_TEST(r.ping.received > 19'000u);
  BOOST_TEST(r.server.replied >= r.ping.received);
}

BOOST_AUTO_TEST_SUITE_END()
