#include <boost/test/unit_test.hpp>

#include <cmath>

#include "netsim/simulator.hpp"
#include "support/echo_conformance.hpp"

using namespace udplab;
using namespace std::chrono_literals;

namespace {

struct TwoHosts {
  netsim::Simulator sim;
  netsim::Interface* a_if = nullptr;
  netsim::Interface* b_if = nullptr;
  explicit TwoHosts(std::uint64_t seed = 1) : sim(seed) {
    auto& net = sim.network();
    auto& a = net.add_host("a");
    auto& b = net.add_host("b");
    auto& link = net.add_segment("ab");
    a_if = &net.attach(a, link, *net::Prefix::parse("10.0.0.1/24"));
    b_if = &net.attach(b, link, *net::Prefix::parse("10.0.0.2/24"));
    net.compute_routes();
  }
  std::function<void(const std::function<bool()>&)> runner() {
    return [this](const std::function<bool()>& done) { sim.run_until(Time{600s}, done); };
  }
  net::IpAddress b_addr() const { return *net::IpAddress::parse("10.0.0.2"); }
};

echo::PingConfig ping_config(std::uint64_t count) {
  echo::PingConfig c;
  c.count = count;
  c.interval = 10ms;
  c.timeout = 200ms;
  c.payload_size = 100;
  c.session = 1;
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(echo_sim_test)

BOOST_AUTO_TEST_CASE(clean_link_answers_everything) {
  TwoHosts t;
  t.a_if->egress->add(std::make_unique<netsim::Delay>(5ms, 0ms, 0.0, netsim::DelayDistribution::uniform, netsim::Rng(1)));
  t.b_if->egress->add(std::make_unique<netsim::Delay>(5ms, 0ms, 0.0, netsim::DelayDistribution::uniform, netsim::Rng(1)));
  auto r = test::run_echo(t.sim.runtime("b"), {{}, 7}, t.sim.runtime("a"), t.b_addr(), ping_config(20), t.runner());
  test::check_clean(r, 20);
  // Virtual time is exact: every RTT is the two fixed delays.
  BOOST_TEST(r.ping.rtt.min == Duration(10ms));
  BOOST_TEST(r.ping.rtt.max == Duration(10ms));
  BOOST_TEST(r.ping.rtt.jitter == Duration::zero());
}

BOOST_AUTO_TEST_CASE(dropping_exact_datagrams_loses_exactly_those_probes) {
  TwoHosts t;
  t.a_if->egress->add(std::make_unique<netsim::DropList>(std::vector<std::uint64_t>{3, 7}));
  auto r = test::run_echo(t.sim.runtime("b"), {{}, 7}, t.sim.runtime("a"), t.b_addr(), ping_config(10), t.runner());
  BOOST_TEST(r.ping.sent == 10u);
  BOOST_TEST(r.ping.received == 8u);
  BOOST_TEST(r.ping.lost == 2u);
  std::vector<std::uint64_t> timed_out;
  for (auto& e : r.events)
    if (auto* to = std::get_if<echo::ping_event::Timeout>(&e)) timed_out.push_back(to->seq);
  BOOST_TEST(timed_out == (std::vector<std::uint64_t>{3, 7}));
  BOOST_TEST(r.server.received == 8u);
}

BOOST_AUTO_TEST_CASE(random_loss_matches_its_rate) {
  // 2000 probes, 10% loss each way: a probe survives with q = 0.81. The count of replies is
  // binomial; accept 4.5 standard deviations either side (fails by chance ~1 in 150,000).
  TwoHosts t(1234);
  t.a_if->egress->add(std::make_unique<netsim::RandomLoss>(0.10, 0.0, t.sim.stream("a/loss")));
  t.b_if->egress->add(std::make_unique<netsim::RandomLoss>(0.10, 0.0, t.sim.stream("b/loss")));
  auto config = ping_config(2000);
  config.interval = 1ms;
  auto r = test::run_echo(t.sim.runtime("b"), {{}, 7}, t.sim.runtime("a"), t.b_addr(), config, t.runner());
  const double n = 2000, q = 0.81, sd = std::sqrt(n * q * (1 - q));
  BOOST_TEST(std::abs(static_cast<double>(r.ping.received) - n * q) < 4.5 * sd);
  BOOST_TEST(r.ping.lost + r.ping.received == 2000u);
  BOOST_TEST(t.a_if->egress->stats().dropped + t.b_if->egress->stats().dropped == 2000u - r.ping.received);
}

BOOST_AUTO_TEST_CASE(reordering_is_seen_by_the_pinger) {
  TwoHosts t(5);
  t.a_if->egress->add(std::make_unique<netsim::Reorder>(0.25, 0.0, 1, t.sim.stream("a/reorder")));
  t.a_if->egress->add(std::make_unique<netsim::Delay>(30ms, 0ms, 0.0, netsim::DelayDistribution::uniform, netsim::Rng(1)));
  auto r = test::run_echo(t.sim.runtime("b"), {{}, 7}, t.sim.runtime("a"), t.b_addr(), ping_config(200), t.runner());
  BOOST_TEST(r.ping.received == 200u);
  BOOST_TEST(r.ping.lost == 0u);
  // A probe that skips the 30 ms delay overtakes the ones sent in the 30 ms before it (interval
  // 10 ms), so each overtaker makes up to 3 earlier replies arrive after it.
  BOOST_TEST(r.ping.reordered > 20u);
  BOOST_TEST(r.ping.rtt.min == Duration::zero());
  BOOST_TEST(r.ping.rtt.max == Duration(30ms));
}

BOOST_AUTO_TEST_CASE(dead_server_means_total_loss) {
  TwoHosts t;
  workload::EchoPingWorkload ping(t.sim.runtime("a"), [] {
    auto c = ping_config(5);
    c.target = *net::Endpoint::parse("10.0.0.2:7");
    return c;
  }());
  BOOST_REQUIRE(!ping.start());
  t.sim.run_until(Time{10s}, [&] { return ping.finished(); });
  BOOST_TEST(ping.finished());
  BOOST_TEST(ping.summary().received == 0u);
  BOOST_TEST(ping.summary().lost == 5u);
  BOOST_TEST(ping.summary().unreachable == 5u);  // ICMP port unreachable, as a real host sends
}

BOOST_AUTO_TEST_SUITE_END()
