// The realism rules of DESIGN.md, checked one by one on small topologies.
#include <boost/test/unit_test.hpp>

#include "netsim/simulator.hpp"
#include "util/bytes.hpp"

using namespace udplab;
using namespace std::chrono_literals;

namespace {

net::IpAddress ip(const char* s) { return *net::IpAddress::parse(s); }
net::Endpoint ep(const char* s) { return *net::Endpoint::parse(s); }

// Two segments joined by a router:  a, b on lan1 (10.0.1.0/24)  --r--  c on lan2 (10.0.2.0/24)
struct World {
  netsim::Simulator sim{1};
  netsim::TraceRecorder trace;
  World() {
    sim.trace().add_sink(trace);
    auto& net = sim.network();
    auto& a = net.add_host("a");
    auto& b = net.add_host("b");
    auto& c = net.add_host("c");
    auto& r = net.add_host("r", true);
    auto& lan1 = net.add_segment("lan1");
    auto& lan2 = net.add_segment("lan2");
    net.attach(a, lan1, *net::Prefix::parse("10.0.1.1/24"));
    net.attach(b, lan1, *net::Prefix::parse("10.0.1.2/24"));
    net.attach(r, lan1, *net::Prefix::parse("10.0.1.254/24"));
    net.attach(r, lan2, *net::Prefix::parse("10.0.2.254/24"));
    net.attach(c, lan2, *net::Prefix::parse("10.0.2.3/24"));
    net.compute_routes();
  }
  std::unique_ptr<transport::Socket> bind(const char* host, const char* local, transport::BindOptions o = {}) {
    auto s = sim.runtime(host).bind(ep(local), o);
    if (!s) BOOST_FAIL("bind " << local << " on " << host << " failed: " << s.error().message());
    return std::move(*s);
  }
  void run() { sim.run_until(Time{10s}); }
};

struct Inbox {
  std::vector<std::pair<net::Endpoint, std::string>> got;
  std::vector<std::error_code> errors;
  void attach(transport::Socket& s) {
    s.start_receiving([this](const transport::Datagram& d) { got.emplace_back(d.from, std::string(util::as_chars(d.payload))); },
                      [this](std::error_code ec) { errors.push_back(ec); });
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(netsim_semantics_test)

BOOST_AUTO_TEST_CASE(oversize_datagrams_fail_with_emsgsize) {
  World w;
  auto s = w.bind("a", "0.0.0.0:0");
  std::vector<std::byte> big(65508);
  BOOST_TEST(s->send_to(ep("10.0.1.2:9"), big) == std::errc::message_size);
  big.resize(65507);
  BOOST_TEST(!s->send_to(ep("10.0.1.2:9"), big));
}

BOOST_AUTO_TEST_CASE(broadcast_needs_the_option) {
  World w;
  auto s = w.bind("a", "0.0.0.0:0");
  BOOST_TEST(s->send_to(ep("255.255.255.255:9"), util::as_bytes("x")) == std::errc::permission_denied);
  BOOST_TEST(s->send_to(ep("10.0.1.255:9"), util::as_bytes("x")) == std::errc::permission_denied);
  BOOST_TEST(!s->set_broadcast(true));
  BOOST_TEST(!s->send_to(ep("255.255.255.255:9"), util::as_bytes("x")));
}

BOOST_AUTO_TEST_CASE(broadcast_reaches_the_segment_and_stops_at_the_router) {
  World w;
  Inbox at_b, at_c, at_r;
  auto sb = w.bind("b", "0.0.0.0:5000");
  auto sc = w.bind("c", "0.0.0.0:5000");
  auto sr = w.bind("r", "0.0.0.0:5000");
  at_b.attach(*sb);
  at_c.attach(*sc);
  at_r.attach(*sr);
  auto sa = w.bind("a", "0.0.0.0:0", {.broadcast = true});
  BOOST_TEST(!sa->send_to(ep("255.255.255.255:5000"), util::as_bytes("limited")));
  BOOST_TEST(!sa->send_to(ep("10.0.1.255:5000"), util::as_bytes("directed")));
  w.run();
  BOOST_TEST(at_b.got.size() == 2u);
  BOOST_TEST(at_r.got.size() == 2u);  // the router is a host on lan1 too
  BOOST_TEST(at_c.got.empty());       // ...but forwards no broadcast to lan2
  BOOST_TEST(at_b.got[0].first.address == ip("10.0.1.1"));
}

BOOST_AUTO_TEST_CASE(directed_broadcast_to_a_remote_subnet_is_not_forwarded) {
  World w;
  Inbox at_c;
  auto sc = w.bind("c", "0.0.0.0:5000");
  at_c.attach(*sc);
  auto sa = w.bind("a", "0.0.0.0:0", {.broadcast = true});
  BOOST_TEST(!sa->send_to(ep("10.0.2.255:5000"), util::as_bytes("x")));
  w.run();
  BOOST_TEST(at_c.got.empty());
}

BOOST_AUTO_TEST_CASE(unicast_is_routed_between_segments) {
  World w;
  Inbox at_c, at_a;
  auto sc = w.bind("c", "0.0.0.0:6000");
  at_c.attach(*sc);
  auto sa = w.bind("a", "0.0.0.0:0");
  at_a.attach(*sa);
  BOOST_TEST(!sa->send_to(ep("10.0.2.3:6000"), util::as_bytes("hello c")));
  w.run();
  BOOST_REQUIRE_EQUAL(at_c.got.size(), 1u);
  BOOST_TEST(at_c.got[0].second == "hello c");
  BOOST_TEST(at_c.got[0].first.address == ip("10.0.1.1"));
  // and back
  BOOST_TEST(!sc->send_to(at_c.got[0].first, util::as_bytes("hi a")));
  w.run();
  BOOST_REQUIRE_EQUAL(at_a.got.size(), 1u);
  BOOST_TEST(at_a.got[0].first == ep("10.0.2.3:6000"));
  bool forwarded = false;
  for (auto& e : w.trace.events()) forwarded |= e.kind == netsim::TraceKind::forwarded && e.where == "r";
  BOOST_TEST(forwarded);
}

BOOST_AUTO_TEST_CASE(closed_port_gives_connection_refused_on_a_connected_socket) {
  World w;
  Inbox connected, unconnected;
  auto s1 = w.bind("a", "0.0.0.0:0");
  BOOST_TEST(!s1->connect(ep("10.0.2.3:9999")));
  connected.attach(*s1);
  auto s2 = w.bind("a", "0.0.0.0:0");
  unconnected.attach(*s2);
  BOOST_TEST(!s1->send_to(ep("10.0.2.3:9999"), util::as_bytes("anyone?")));
  BOOST_TEST(!s2->send_to(ep("10.0.2.3:9999"), util::as_bytes("anyone?")));
  w.run();
  BOOST_REQUIRE_EQUAL(connected.errors.size(), 1u);
  BOOST_TEST(connected.errors[0] == std::errc::connection_refused);
  BOOST_TEST(unconnected.errors.empty());  // as on Linux: unconnected sockets are not told
  BOOST_TEST(w.trace.count(netsim::TraceKind::dropped, netsim::DropReason::no_listener) == 2u);
}

BOOST_AUTO_TEST_CASE(connected_socket_ignores_other_sources) {
  World w;
  Inbox in;
  auto s = w.bind("a", "0.0.0.0:7000");
  BOOST_TEST(!s->connect(ep("10.0.1.2:8000")));
  in.attach(*s);
  auto from_b = w.bind("b", "0.0.0.0:8000");
  auto from_c = w.bind("c", "0.0.0.0:8000");
  BOOST_TEST(!from_b->send_to(ep("10.0.1.1:7000"), util::as_bytes("b")));
  BOOST_TEST(!from_c->send_to(ep("10.0.1.1:7000"), util::as_bytes("c")));
  w.run();
  BOOST_REQUIRE_EQUAL(in.got.size(), 1u);
  BOOST_TEST(in.got[0].second == "b");
}

// The network remembers the last way out of a socket and the last socket a host delivered to;
// these check that what it remembers never outlives a change that would route or deliver otherwise.
BOOST_AUTO_TEST_CASE(a_more_specific_socket_bound_mid_stream_takes_over_delivery) {
  World w;
  Inbox wildcard, connected;
  auto rx = w.bind("b", "0.0.0.0:5000", {.reuse_address = true});
  wildcard.attach(*rx);
  auto tx = w.bind("a", "0.0.0.0:4000");
  BOOST_TEST(!tx->send_to(ep("10.0.1.2:5000"), util::as_bytes("1")));
  w.run();
  // Connected to a's socket: beats the wildcard for a's datagrams from now on.
  auto rx2 = w.bind("b", "0.0.0.0:5000", {.reuse_address = true});
  BOOST_TEST(!rx2->connect(ep("10.0.1.1:4000")));
  connected.attach(*rx2);
  BOOST_TEST(!tx->send_to(ep("10.0.1.2:5000"), util::as_bytes("2")));
  w.run();
  rx2.reset();  // closed: back to the wildcard
  BOOST_TEST(!tx->send_to(ep("10.0.1.2:5000"), util::as_bytes("3")));
  w.run();
  rx.reset();  // nobody: ICMP port unreachable, dropped as no_listener
  BOOST_TEST(!tx->send_to(ep("10.0.1.2:5000"), util::as_bytes("4")));
  w.run();
  BOOST_REQUIRE_EQUAL(wildcard.got.size(), 2u);
  BOOST_TEST(wildcard.got[0].second == "1");
  BOOST_TEST(wildcard.got[1].second == "3");
  BOOST_REQUIRE_EQUAL(connected.got.size(), 1u);
  BOOST_TEST(connected.got[0].second == "2");
  BOOST_TEST(w.trace.count(netsim::TraceKind::dropped, netsim::DropReason::no_listener) == 1u);
}

BOOST_AUTO_TEST_CASE(a_route_recomputed_mid_stream_changes_the_way_out) {
  // a reaches c (lan2) through r; then a joins lan2 itself and, after compute_routes, goes direct.
  World w;
  Inbox in;
  auto rx = w.bind("c", "0.0.0.0:5000");
  in.attach(*rx);
  auto tx = w.bind("a", "0.0.0.0:0");
  BOOST_TEST(!tx->send_to(ep("10.0.2.3:5000"), util::as_bytes("via r")));
  w.sim.run_until(Time{1s});
  auto& net = w.sim.network();
  auto& lan2_of_a = net.attach(*net.find_host("a"), *net.find_segment("lan2"), *net::Prefix::parse("10.0.2.1/24"));
  net.compute_routes();
  BOOST_TEST(!tx->send_to(ep("10.0.2.3:5000"), util::as_bytes("direct")));
  w.sim.run_until(Time{2s});
  BOOST_REQUIRE_EQUAL(in.got.size(), 2u);
  BOOST_TEST(in.got[0].first.address == ip("10.0.1.1"));
  BOOST_TEST(in.got[1].first.address == ip("10.0.2.1"));  // the source of the new way out
  std::size_t forwarded = 0, sent_on_lan2 = 0;
  for (auto& e : w.trace.events()) {
    forwarded += e.kind == netsim::TraceKind::forwarded ? 1 : 0;
    sent_on_lan2 += e.kind == netsim::TraceKind::sent && e.capture == lan2_of_a.index ? 1 : 0;
  }
  BOOST_TEST(forwarded == 1u);
  BOOST_TEST(sent_on_lan2 == 1u);
}

BOOST_AUTO_TEST_CASE(a_link_that_gains_a_third_member_delivers_by_address) {
  // Two members: the other end is a shortcut; with a third, unicast must pick by address.
  netsim::Simulator sim(1);
  auto& net = sim.network();
  auto& a = net.add_host("a");
  auto& b = net.add_host("b");
  auto& c = net.add_host("c");
  auto& seg = net.add_segment("s");
  net.attach(a, seg, *net::Prefix::parse("10.0.0.1/24"));
  net.attach(b, seg, *net::Prefix::parse("10.0.0.2/24"));
  net.compute_routes();
  Inbox at_b, at_c;
  auto rb = *sim.runtime("b").bind(ep("0.0.0.0:5000"));
  at_b.attach(*rb);
  auto tx = *sim.runtime("a").bind(ep("0.0.0.0:0"));
  BOOST_TEST(!tx->send_to(ep("10.0.0.2:5000"), util::as_bytes("to b")));
  sim.run_until(Time{1s});
  net.attach(c, seg, *net::Prefix::parse("10.0.0.3/24"));
  net.compute_routes();
  auto rc = *sim.runtime("c").bind(ep("0.0.0.0:5000"));
  at_c.attach(*rc);
  BOOST_TEST(!tx->send_to(ep("10.0.0.3:5000"), util::as_bytes("to c")));
  BOOST_TEST(!tx->send_to(ep("10.0.0.2:5000"), util::as_bytes("to b again")));
  sim.run_until(Time{2s});
  BOOST_REQUIRE_EQUAL(at_b.got.size(), 2u);
  BOOST_TEST(at_b.got[1].second == "to b again");
  BOOST_REQUIRE_EQUAL(at_c.got.size(), 1u);
  BOOST_TEST(at_c.got[0].second == "to c");
}

BOOST_AUTO_TEST_CASE(bind_rules) {
  World w;
  auto s = w.bind("a", "0.0.0.0:5000");
  BOOST_TEST(w.sim.runtime("a").bind(ep("0.0.0.0:5000")).error() == std::errc::address_in_use);
  BOOST_TEST(w.sim.runtime("a").bind(ep("10.0.1.1:5000")).error() == std::errc::address_in_use);
  BOOST_TEST(w.sim.runtime("a").bind(ep("10.0.2.3:5001")).error() == std::errc::address_not_available);
  auto e1 = w.bind("a", "0.0.0.0:0");
  auto e2 = w.bind("a", "0.0.0.0:0");
  BOOST_TEST(e1->local_endpoint().port >= 32768);
  BOOST_TEST(e1->local_endpoint().port != e2->local_endpoint().port);
  auto r1 = w.bind("b", "0.0.0.0:67", {.reuse_address = true});
  auto r2 = w.bind("b", "0.0.0.0:67", {.reuse_address = true});
  s.reset();  // closing frees the port
  auto again = w.bind("a", "0.0.0.0:5000");
  BOOST_TEST(again->local_endpoint().port == 5000);
}

BOOST_AUTO_TEST_CASE(datagrams_wait_until_the_receiver_starts) {
  World w;
  auto rx = w.bind("b", "0.0.0.0:5000");
  auto tx = w.bind("a", "0.0.0.0:0");
  BOOST_TEST(!tx->send_to(ep("10.0.1.2:5000"), util::as_bytes("early")));
  w.run();
  Inbox in;
  in.attach(*rx);
  w.run();
  BOOST_REQUIRE_EQUAL(in.got.size(), 1u);
  BOOST_TEST(in.got[0].second == "early");
}

BOOST_AUTO_TEST_CASE(sending_to_yourself_works) {
  World w;
  Inbox in;
  auto rx = w.bind("a", "0.0.0.0:5000");
  in.attach(*rx);
  auto tx = w.bind("a", "0.0.0.0:0");
  BOOST_TEST(!tx->send_to(ep("10.0.1.1:5000"), util::as_bytes("me")));
  BOOST_TEST(!tx->send_to(ep("127.0.0.1:5000"), util::as_bytes("lo")));
  w.run();
  BOOST_TEST(in.got.size() == 2u);
}

BOOST_AUTO_TEST_CASE(no_route_is_an_error_at_send) {
  netsim::Simulator sim(1);
  auto& net = sim.network();
  auto& a = net.add_host("a");
  auto& seg = net.add_segment("s");
  net.attach(a, seg, *net::Prefix::parse("10.0.0.1/24"));
  net.compute_routes();
  auto s = sim.runtime("a").bind(ep("0.0.0.0:0"));
  BOOST_TEST((*s)->send_to(ep("192.0.2.1:9"), util::as_bytes("x")) == std::errc::network_unreachable);
}

BOOST_AUTO_TEST_CASE(timers_fire_in_virtual_time_and_cancel) {
  World w;
  auto& rt = w.sim.runtime("a");
  auto t1 = rt.make_timer();
  auto t2 = rt.make_timer();
  std::vector<std::pair<int, Time>> fired;
  t1->arm(Time{20ms}, [&] { fired.emplace_back(1, rt.now()); });
  t2->arm(Time{10ms}, [&] { fired.emplace_back(2, rt.now()); });
  auto t3 = rt.make_timer();
  t3->arm(Time{5ms}, [&] { fired.emplace_back(3, rt.now()); });
  t3->cancel();
  t1->arm(Time{30ms}, [&] { fired.emplace_back(4, rt.now()); });  // re-arm replaces
  w.run();
  BOOST_REQUIRE_EQUAL(fired.size(), 2u);
  BOOST_TEST(fired[0].first == 2);
  BOOST_TEST((fired[0].second == Time{10ms}));
  BOOST_TEST(fired[1].first == 4);
  BOOST_TEST((fired[1].second == Time{30ms}));
}

BOOST_AUTO_TEST_SUITE_END()
