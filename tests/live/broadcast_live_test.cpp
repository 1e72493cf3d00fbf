// Broadcast and discovery over loopback, whose 127.255.255.255 is a real broadcast address on
// Linux: the kernel's broadcast delivery, SO_BROADCAST and SO_REUSEADDR rules all apply. The same
// bodies run in netsim (tests/sim/broadcast_sim_test.cpp) and across network namespaces
// (tests/root/broadcast_netns_test.cpp).
#include <boost/test/unit_test.hpp>

#include "live/live_runtime.hpp"
#include "support/broadcast_conformance.hpp"
#include "util/bytes.hpp"
#include "workload/echo_workloads.hpp"

using namespace udplab;
using namespace std::chrono_literals;

namespace {

const net::IpAddress kLoopbackBroadcast = *net::IpAddress::parse("127.255.255.255");

test::Runner runner(live::LiveRuntime& rt, Duration extra = 100ms) {
  return [&rt, extra](const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!done() && std::chrono::steady_clock::now() < deadline) rt.run_for(10ms);
    rt.run_for(extra);  // let datagrams in flight arrive
  };
}

bool loopback_broadcast_works(live::LiveRuntime& rt) {
  auto s = rt.bind(*net::Endpoint::parse("0.0.0.0:0"), {.broadcast = true});
  return s && !(*s)->send_to({kLoopbackBroadcast, 9}, util::as_bytes("probe"));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(broadcast_live_test)

BOOST_AUTO_TEST_CASE(every_listener_on_the_port_gets_a_copy) {
  live::LiveRuntime rt;
  if (!loopback_broadcast_works(rt)) {
    BOOST_TEST_MESSAGE("this system has no loopback broadcast; skipped");
    return;
  }
  workload::BroadcastListenWorkload a(rt, {}, *net::Endpoint::parse("0.0.0.0:0"));
  BOOST_REQUIRE(!a.start());
  const auto port = a.local_endpoint().port;
  workload::BroadcastListenWorkload b(rt, {}, {{}, port});  // shares the port (SO_REUSEADDR)
  BOOST_REQUIRE(!b.start());
  broadcast::SendConfig c;
  c.targets = {{kLoopbackBroadcast, port}};
  c.message = util::to_vector("to everyone");
  c.count = 2;
  c.interval = 10ms;
  auto sent = test::send_broadcast(rt, c, runner(rt));
  BOOST_TEST(sent.sent == 2u);
  BOOST_TEST(sent.send_errors == 0u);
  BOOST_TEST(a.stats().received == 2u);
  BOOST_TEST(b.stats().received == 2u);
  BOOST_TEST(a.stats().bytes == 22u);
}

BOOST_AUTO_TEST_CASE(without_the_broadcast_option_the_kernel_refuses) {
  live::LiveRuntime rt;
  auto s = rt.bind(*net::Endpoint::parse("0.0.0.0:0"));
  BOOST_REQUIRE(s);
  BOOST_TEST((*s)->send_to({kLoopbackBroadcast, 9}, util::as_bytes("x")) == std::errc::permission_denied);
}

BOOST_AUTO_TEST_CASE(discovery_finds_servers_and_plain_echoes) {
  live::LiveRuntime rt;
  if (!loopback_broadcast_works(rt)) {
    BOOST_TEST_MESSAGE("this system has no loopback broadcast; skipped");
    return;
  }
  // Two udplab echo servers with names, and one that answers like any echo server would.
  echo::ServerConfig named_a, named_b;
  named_a.discovery = test::identity("alpha");
  named_b.discovery = test::identity("beta");
  workload::EchoServerWorkload a(rt, named_a, *net::Endpoint::parse("0.0.0.0:0"));
  workload::EchoServerWorkload b(rt, named_b, *net::Endpoint::parse("0.0.0.0:0"));
  workload::EchoServerWorkload plain(rt, {}, *net::Endpoint::parse("0.0.0.0:0"));
  for (auto* s : {&a, &b, &plain}) BOOST_REQUIRE(!s->start());

  discovery::DiscoverConfig c;
  c.targets = {{kLoopbackBroadcast, a.local_endpoint().port}, {kLoopbackBroadcast, b.local_endpoint().port}};
  c.timeout = 300ms;
  c.nonce = 1234;
  auto found = test::discover(rt, c, runner(rt));
  test::check_responders(found, {"alpha", "beta"});
  BOOST_TEST(a.stats().discovery_answered == 1u);

  c.targets = {{kLoopbackBroadcast, plain.local_endpoint().port}};
  found = test::discover(rt, c, runner(rt));
  BOOST_REQUIRE_EQUAL(found.responders.size(), 1u);
  BOOST_TEST(found.responders[0].role == "echo (no discovery)");
}

BOOST_AUTO_TEST_SUITE_END()
