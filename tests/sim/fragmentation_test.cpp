// Datagrams larger than the MTU: fragments on the wire, reassembly, and loss of the whole datagram
// when any fragment is lost (so large blocks suffer under loss, as on real networks).
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "netsim/simulator.hpp"
#include "util/bytes.hpp"

using namespace udplab;
using namespace std::chrono_literals;

namespace {

net::Endpoint ep(const char* s) { return *net::Endpoint::parse(s); }

struct Pair {
  netsim::Simulator sim;
  netsim::TraceRecorder trace;
  netsim::Interface* a = nullptr;
  std::vector<std::vector<std::byte>> got;
  std::unique_ptr<transport::Socket> rx, tx;

  Pair(const char* a_addr, const char* b_addr, std::uint32_t mtu, std::uint64_t seed = 1) : sim(seed) {
    sim.trace().add_sink(trace);
    auto& net = sim.network();
    auto& ha = net.add_host("a");
    auto& hb = net.add_host("b");
    auto& link = net.add_segment("ab");
    a = &net.attach(ha, link, *net::Prefix::parse(a_addr), mtu);
    net.attach(hb, link, *net::Prefix::parse(b_addr), mtu);
    net.compute_routes();
    const bool v6 = std::string(a_addr).find(':') != std::string::npos;
    rx = std::move(*sim.runtime("b").bind(ep(v6 ? "[::]:9000" : "0.0.0.0:9000")));
    rx->start_receiving([this](const transport::Datagram& d) { got.emplace_back(d.payload.begin(), d.payload.end()); },
                        [](std::error_code) {});
    tx = std::move(*sim.runtime("a").bind(ep(v6 ? "[::]:0" : "0.0.0.0:0")));
  }
  void run() { sim.run_until(sim.now() + 60s); }
};

std::vector<std::byte> pattern(std::size_t n) {
  std::vector<std::byte> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = std::byte(static_cast<unsigned char>(i * 7 + 3));
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fragmentation_test)

BOOST_AUTO_TEST_CASE(ipv4_datagram_travels_as_fragments_and_arrives_whole) {
  Pair p("10.0.0.1/24", "10.0.0.2/24", 1500);
  const auto data = pattern(4000);
  BOOST_REQUIRE(!p.tx->send_to(ep("10.0.0.2:9000"), data));
  p.run();
  BOOST_REQUIRE_EQUAL(p.got.size(), 1u);
  BOOST_TEST(p.got[0] == data);
  // 4008 bytes of UDP over 1480-byte fragment payloads: 3 fragments.
  std::vector<std::uint16_t> sent;
  for (const auto& e : p.trace.events())
    if (e.kind == netsim::TraceKind::sent) {
      BOOST_TEST(e.packet.frag_count == 3u);
      BOOST_TEST(e.packet.wire_size() <= 1500u);
      sent.push_back(e.packet.frag_index);
    }
  BOOST_TEST(sent == (std::vector<std::uint16_t>{0, 1, 2}));
}

BOOST_AUTO_TEST_CASE(one_lost_fragment_loses_the_datagram) {
  Pair p("10.0.0.1/24", "10.0.0.2/24", 1500);
  p.a->egress->add(std::make_unique<netsim::DropList>(std::vector<std::uint64_t>{2}));
  BOOST_REQUIRE(!p.tx->send_to(ep("10.0.0.2:9000"), pattern(4000)));
  BOOST_REQUIRE(!p.tx->send_to(ep("10.0.0.2:9000"), pattern(100)));  // small: unaffected
  p.run();
  BOOST_REQUIRE_EQUAL(p.got.size(), 1u);
  BOOST_TEST(p.got[0].size() == 100u);
  BOOST_TEST(p.trace.count(netsim::TraceKind::dropped, netsim::DropReason::loss) == 1u);
  // The receiver gives up after Linux's 30 s reassembly timeout and says why.
  BOOST_REQUIRE_EQUAL(p.trace.count(netsim::TraceKind::dropped, netsim::DropReason::fragment_lost), 1u);
  for (const auto& e : p.trace.events())
    if (e.reason == netsim::DropReason::fragment_lost) {
      BOOST_TEST(e.where == "b");
      BOOST_TEST((e.at >= Time{30s}));
    }
  BOOST_TEST(p.sim.network().fabric().packets.packets_in_flight() == 0u);
}

BOOST_AUTO_TEST_CASE(ipv6_fragments_at_the_source) {
  Pair p("2001:db8::1/64", "2001:db8::2/64", 1280);
  const auto data = pattern(3000);
  BOOST_REQUIRE(!p.tx->send_to(ep("[2001:db8::2]:9000"), data));
  p.run();
  BOOST_REQUIRE_EQUAL(p.got.size(), 1u);
  BOOST_TEST(p.got[0] == data);
  // 3008 bytes over (1280 - 40 - 8) -> 1232-byte pieces: 3 fragments.
  BOOST_TEST(p.trace.count(netsim::TraceKind::sent) == 3u);
}

BOOST_AUTO_TEST_CASE(loss_grows_with_fragments_as_one_minus_p_to_the_k) {
  // 8 fragments each, 5% loss per fragment: a datagram survives with probability 0.95^8.
  Pair p("10.0.0.1/24", "10.0.0.2/24", 1500, 77);
  p.a->egress->add(std::make_unique<netsim::RandomLoss>(0.05, 0.0, p.sim.stream("loss")));
  const std::size_t n = 3000;
  const auto data = pattern(8 * 1480 - 8);
  for (std::size_t i = 0; i < n; ++i) {
    BOOST_REQUIRE(!p.tx->send_to(ep("10.0.0.2:9000"), data));
    p.sim.run_until(p.sim.now() + 1ms);
  }
  p.run();
  const double q = std::pow(0.95, 8), sd = std::sqrt(n * q * (1 - q));
  BOOST_TEST(std::abs(static_cast<double>(p.got.size()) - n * q) <= 5 * sd, p.got.size() << " of " << n);
  BOOST_TEST(p.trace.count(netsim::TraceKind::sent) == 8 * n);
}

BOOST_AUTO_TEST_CASE(routers_fragment_ipv4_and_drop_oversize_ipv6) {
  for (bool v6 : {false, true}) {
    netsim::Simulator sim(1);
    netsim::TraceRecorder trace;
    sim.trace().add_sink(trace);
    auto& net = sim.network();
    auto& a = net.add_host("a");
    auto& r = net.add_host("r", true);
    auto& c = net.add_host("c");
    auto& big = net.add_segment("big");
    auto& small = net.add_segment("small");
    net.attach(a, big, *net::Prefix::parse(v6 ? "2001:db8:1::1/64" : "10.0.1.1/24"), 9000);
    net.attach(r, big, *net::Prefix::parse(v6 ? "2001:db8:1::fe/64" : "10.0.1.254/24"), 9000);
    net.attach(r, small, *net::Prefix::parse(v6 ? "2001:db8:2::fe/64" : "10.0.2.254/24"), 1500);
    net.attach(c, small, *net::Prefix::parse(v6 ? "2001:db8:2::3/64" : "10.0.2.3/24"), 1500);
    net.compute_routes();
    std::size_t got = 0;
    auto rx = std::move(*sim.runtime("c").bind(ep(v6 ? "[::]:9000" : "0.0.0.0:9000")));
    rx->start_receiving([&](const transport::Datagram& d) { got += d.payload.size(); }, [](std::error_code) {});
    auto tx = std::move(*sim.runtime("a").bind(ep(v6 ? "[::]:0" : "0.0.0.0:0")));
    BOOST_REQUIRE(!tx->send_to(ep(v6 ? "[2001:db8:2::3]:9000" : "10.0.2.3:9000"), pattern(4000)));
    sim.run_until(Time{1s});
    BOOST_TEST_CONTEXT((v6 ? "IPv6" : "IPv4")) {
      if (v6) {
        BOOST_TEST(got == 0u);
        BOOST_TEST(trace.count(netsim::TraceKind::dropped, netsim::DropReason::too_big) == 1u);
      } else {
        BOOST_TEST(got == 4000u);
        BOOST_TEST(trace.count(netsim::TraceKind::forwarded) == 3u);  // re-fragmented by the router
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
