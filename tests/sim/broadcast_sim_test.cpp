// Broadcast and discovery in netsim: two segments joined by a router.
//
//   a, b (10.0.1.0/24, lan1) --- r --- c (10.0.2.0/24, lan2)     every hop 2 ms each way
#include <boost/test/unit_test.hpp>

#include "netsim/simulator.hpp"
#include "support/broadcast_conformance.hpp"
#include "support/sim_network.hpp"
#include "util/bytes.hpp"
#include "workload/echo_workloads.hpp"

using namespace udplab;
using namespace std::chrono_literals;
using test::ep;

namespace {

struct World : test::SimWorld {
  netsim::Interface* a_if = nullptr;
  World() {
    auto& net = sim.network();
    auto& a = net.add_host("a");
    auto& b = net.add_host("b");
    auto& c = net.add_host("c");
    auto& r = net.add_host("r", true);
    auto& lan1 = net.add_segment("lan1");
    auto& lan2 = net.add_segment("lan2");
    a_if = &net.attach(a, lan1, *net::Prefix::parse("10.0.1.1/24"));
    net.attach(b, lan1, *net::Prefix::parse("10.0.1.2/24"));
    net.attach(r, lan1, *net::Prefix::parse("10.0.1.254/24"));
    net.attach(r, lan2, *net::Prefix::parse("10.0.2.254/24"));
    net.attach(c, lan2, *net::Prefix::parse("10.0.2.3/24"));
    net.compute_routes();
    test::delay_every_egress(net, 2ms);
  }
  test::Runner runner() {
    return [this](const std::function<bool()>& done) {
      sim.run_until(Time{600s}, done);
      sim.run_until(sim.now() + 1s);  // deliver what is still in flight
    };
  }
  std::unique_ptr<workload::BroadcastListenWorkload> listen(const char* host, std::uint16_t port) {
    auto l = std::make_unique<workload::BroadcastListenWorkload>(sim.runtime(host), broadcast::ListenConfig{},
                                                                  net::Endpoint{{}, port});
    BOOST_REQUIRE(!l->start());
    return l;
  }
  std::unique_ptr<workload::EchoServerWorkload> echo_server(const char* host, const char* name) {
    echo::ServerConfig c;
    c.broadcast_addresses = sim.runtime(host).broadcast_addresses();
    c.discovery = test::identity(name);
    auto s = std::make_unique<workload::EchoServerWorkload>(sim.runtime(host), c, ep("0.0.0.0:7"));
    BOOST_REQUIRE(!s->start());
    return s;
  }
};

discovery::DiscoverConfig discover_config(std::vector<net::Endpoint> targets, unsigned probes = 1) {
  discovery::DiscoverConfig c;
  c.targets = std::move(targets);
  c.probes = probes;
  c.interval = 100ms;
  c.timeout = 500ms;
  c.nonce = 42;
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(broadcast_sim_test)

BOOST_AUTO_TEST_CASE(broadcasts_reach_the_segment_and_stop_at_the_router) {
  World w;
  auto at_b = w.listen("b", 7071), at_r = w.listen("r", 7071), at_c = w.listen("c", 7071);
  broadcast::SendConfig c;
  c.targets = {ep("255.255.255.255:7071"), ep("10.0.1.255:7071"), ep("10.0.2.255:7071")};
  c.message = util::to_vector("hello lan1");
  auto sent = test::send_broadcast(w.sim.runtime("a"), c, w.runner());
  BOOST_TEST(sent.sent == 3u);
  BOOST_TEST(at_b->stats().received == 2u);  // limited and directed
  // The router is a host of lan1 too; and 10.0.2.255 is one of its own broadcast addresses, so it
  // takes that one as well (as Linux does), but forwards none of them.
  BOOST_TEST(at_r->stats().received == 3u);
  BOOST_TEST(at_c->stats().received == 0u);
  BOOST_TEST(at_b->stats().senders.at(0) == ep("10.0.1.1:32768"));
}

BOOST_AUTO_TEST_CASE(discovery_finds_its_segment_only) {
  World w;
  auto sb = w.echo_server("b", "server-b");
  auto sc = w.echo_server("c", "server-c");  // beyond the router
  auto found = test::discover(w.sim.runtime("a"), discover_config({ep("10.0.1.255:7")}), w.runner());
  test::check_responders(found, {"server-b"});
  BOOST_TEST(found.responders[0].rtt == Duration(4ms));  // one hop each way, exact in virtual time
  BOOST_TEST(found.responders[0].from == ep("10.0.1.2:7"));
  BOOST_TEST(sc->stats().received == 0u);
}

BOOST_AUTO_TEST_CASE(servers_beyond_the_router_answer_unicast_probes) {
  // Discovery is only limited by broadcast: aimed at an address, the probe is routed.
  World w;
  auto sc = w.echo_server("c", "server-c");
  auto found = test::discover(w.sim.runtime("a"), discover_config({ep("10.0.2.3:7")}), w.runner());
  test::check_responders(found, {"server-c"});
  BOOST_TEST(found.responders[0].rtt == Duration(8ms));  // two hops each way
}

BOOST_AUTO_TEST_CASE(a_lost_probe_is_made_up_by_the_next_round) {
  auto run = [](unsigned probes) {
    World w;
    auto sb = w.echo_server("b", "server-b");
    w.a_if->egress->add(std::make_unique<netsim::DropList>(std::vector<std::uint64_t>{1}));
    return test::discover(w.sim.runtime("a"), discover_config({ep("10.0.1.255:7")}, probes), w.runner());
  };
  BOOST_TEST(run(1).responders.empty());
  auto twice = run(2);
  BOOST_REQUIRE_EQUAL(twice.responders.size(), 1u);
  BOOST_TEST(twice.responders[0].probe == 2u);
  BOOST_TEST(twice.responders[0].rtt == Duration(4ms));
}

BOOST_AUTO_TEST_SUITE_END()
