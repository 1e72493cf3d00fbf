// The request client in netsim: exact retry timelines under chosen losses, a dead server, a
// closed port, random loss against its expected distribution, and jitter that repeats by seed.
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "netsim/simulator.hpp"
#include "support/engine_harness.hpp"
#include "support/request_conformance.hpp"
#include "util/bytes.hpp"
#include "workload/echo_workloads.hpp"

using namespace udplab;
using namespace std::chrono_literals;

namespace {

// client (10.0.0.1) --- 5 ms each way --- server (10.0.0.2), echo server on port 7.
struct World {
  netsim::Simulator sim;
  netsim::Interface* client_if = nullptr;
  netsim::Interface* server_if = nullptr;
  std::unique_ptr<workload::EchoServerWorkload> server;
  explicit World(std::uint64_t seed = 1, bool serve = true) : sim(seed) {
    auto& net = sim.network();
    auto& a = net.add_host("client");
    auto& b = net.add_host("server");
    auto& link = net.add_segment("wan");
    client_if = &net.attach(a, link, *net::Prefix::parse("10.0.0.1/24"));
    server_if = &net.attach(b, link, *net::Prefix::parse("10.0.0.2/24"));
    net.compute_routes();
    for (auto* i : {client_if, server_if})
      i->egress->add(std::make_unique<netsim::Delay>(5ms, 0ms, 0.0, netsim::DelayDistribution::uniform, netsim::Rng(1)));
    if (serve) {
      server = std::make_unique<workload::EchoServerWorkload>(sim.runtime("server"), echo::ServerConfig{},
                                                              *net::Endpoint::parse("0.0.0.0:7"));
      BOOST_REQUIRE(!server->start());
    }
  }
  // The server host goes down: its packets vanish, and no ICMP comes back.
  void kill_server() {
    auto& net = sim.network();
    net.partition({{net.find_host("client")}, {net.find_host("server")}});
  }
  std::function<void(const std::function<bool()>&)> runner() {
    return [this](const std::function<bool()>& done) { sim.run_until(Time{600s}, done); };
  }
  test::RequestRun request(std::uint16_t port = 7, request::RandomBits random = {}, bool jitter = false) {
    request::RequestConfig c;
    c.target = net::Endpoint{*net::IpAddress::parse("10.0.0.2"), port};
    c.message = util::to_vector("ping?");
    c.backoff.jitter = jitter;
    return test::run_request(sim.runtime("client"), c, runner(), {}, std::move(random));
  }
};

std::vector<Duration> sent_times(const request::RequestSummary& s) {
  std::vector<Duration> out;
  for (const auto& a : s.attempts) out.push_back(a.sent_at);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(request_sim_test)

BOOST_AUTO_TEST_CASE(clean_path_answers_the_first_attempt_in_one_round_trip) {
  World w;
  auto r = w.request();
  test::check_answered_at_once(r, "ping?");
  BOOST_TEST(r.summary.rtt == Duration(10ms));
}

BOOST_AUTO_TEST_CASE(losing_the_first_requests_shows_the_backoff_timeline) {
  // Requests 1 and 2 are dropped on the way out; attempt 3 (sent at 0.1 + 0.2 s) gets through.
  World w;
  w.client_if->egress->add(std::make_unique<netsim::DropList>(std::vector<std::uint64_t>{1, 2}));
  auto r = w.request();
  BOOST_TEST(request::to_string(r.summary.outcome) == "replied");
  BOOST_TEST(r.summary.answered_attempt == 3u);
  BOOST_TEST(sent_times(r.summary) == (std::vector<Duration>{0ms, 100ms, 300ms}), boost::test_tools::per_element());
  BOOST_TEST(r.summary.total == Duration(310ms));
  BOOST_TEST(r.summary.rtt == Duration(10ms));
  BOOST_TEST(w.server->stats().received == 1u);
}

BOOST_AUTO_TEST_CASE(losing_replies_costs_the_same_as_losing_requests) {
  // The server answers every attempt, but its first two answers are lost: the client cannot tell
  // this from lost requests, except that the server served three times.
  World w;
  w.server_if->egress->add(std::make_unique<netsim::DropList>(std::vector<std::uint64_t>{1, 2}));
  auto r = w.request();
  BOOST_TEST(r.summary.answered_attempt == 3u);
  BOOST_TEST(r.summary.total == Duration(310ms));
  BOOST_TEST(w.server->stats().replied == 3u);
}

BOOST_AUTO_TEST_CASE(dead_server_gets_the_full_schedule) {
  // A host that is down sends no ICMP: only timeouts, at 0.1, 0.2, 0.4, 0.8 and 1.6 s.
  World w(1, false);
  w.kill_server();
  auto r = w.request();
  BOOST_TEST(request::to_string(r.summary.outcome) == "gave_up");
  BOOST_TEST(sent_times(r.summary) == (std::vector<Duration>{0ms, 100ms, 300ms, 700ms, 1500ms}),
             boost::test_tools::per_element());
  BOOST_TEST(r.summary.total == Duration(3100ms));
  BOOST_TEST(test::only<request::request_event::TimedOut>(r.events).size() == 5u);
}

BOOST_AUTO_TEST_CASE(closed_port_is_refused_after_one_round_trip) {
  World w(1, false);
  auto r = w.request(9);
  test::check_refused_at_once(r);
  BOOST_TEST(r.summary.total == Duration(10ms));
}

BOOST_AUTO_TEST_CASE(random_loss_follows_the_geometric_distribution) {
  // 30% loss each way: a round trip survives with q = 0.49, and attempt k is the first to get
  // through with probability q (1-q)^(k-1); all five fail with (1-q)^5. Each of the 400 requests
  // is binomial; allow 4.5 standard deviations.
  World w(2024);
  w.client_if->egress->add(std::make_unique<netsim::RandomLoss>(0.30, 0.0, w.sim.stream("client/loss")));
  w.server_if->egress->add(std::make_unique<netsim::RandomLoss>(0.30, 0.0, w.sim.stream("server/loss")));
  constexpr int kRequests = 400;
  std::array<int, 6> answered{};  // [0]: gave up
  for (int i = 0; i < kRequests; ++i) ++answered[w.request().summary.answered_attempt];
  const double q = 0.49;
  auto check = [&](int count, double p) {
    const double mean = kRequests * p, sd = std::sqrt(kRequests * p * (1 - p));
    BOOST_TEST(std::abs(count - mean) < 4.5 * sd, count << " vs expected " << mean);
  };
  for (int k = 1; k <= 5; ++k) check(answered[static_cast<std::size_t>(k)], q * std::pow(1 - q, k - 1));
  check(answered[0], std::pow(1 - q, 5));
}

BOOST_AUTO_TEST_CASE(jitter_repeats_with_the_seed_stream) {
  auto waits = [](std::uint64_t seed) {
    World w(1, false);
    w.kill_server();
    auto stream = netsim::Rng::stream(seed, "workload/request@client");
    auto r = w.request(7, [&stream] { return stream.next_u64(); }, true);
    std::vector<Duration> out;
    for (const auto& a : r.summary.attempts) out.push_back(a.wait);
    return out;
  };
  const auto a = waits(5), b = waits(5), c = waits(6);
  BOOST_TEST(a == b, boost::test_tools::per_element());
  BOOST_TEST(a != c);
  BOOST_TEST(a.size() == 5u);
}

BOOST_AUTO_TEST_SUITE_END()
