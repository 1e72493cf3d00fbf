// Broadcast and discovery across real Linux segments: network namespaces joined by bridges, and a
// namespace routing between two of them. Needs root (CTest label `root`; skip with -LE root).
//
//   seg1 10.77.1.0/24: a (.1), b (.2), c (.3), router (.254)    seg2 10.77.2.0/24: router (.254), d (.4)
//
// The lab's addresses have no configured broadcast address (plain `ip addr add`), so the tests
// also show that udplab derives 10.77.1.255 the way the kernel does.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <csignal>
#include <set>

#include <google/protobuf/util/json_util.h>

#include "support/netns.hpp"
#include "support/process.hpp"
#include "udplab/v1/report.pb.h"

using namespace udplab;
using namespace udplab::test;

namespace {

// Builds the two-segment lab, or says why it cannot. Without root the test is skipped; as root it
// is skipped only where namespaces are unavailable (a restricted container), and fails there too
// when the machine must run it (UDPLAB_REQUIRE_PEERS=1, as CI sets).
std::unique_ptr<NetnsLab> two_segments() {
  if (::geteuid() != 0) {
    BOOST_TEST_MESSAGE("skipped: needs root (network namespaces)");
    return nullptr;
  }
  auto lab = NetnsLab::create();
  if (!lab) {
    if (peers_required()) BOOST_FAIL(lab.error());
    BOOST_TEST_MESSAGE("skipped: " << lab.error());
    return nullptr;
  }
  auto& l = **lab;
  l.add_segment("seg1");
  l.add_segment("seg2");
  for (const char* h : {"a", "b", "c", "d", "router"}) l.add_host(h);
  l.attach("a", "seg1", "eth0", "10.77.1.1/24");
  l.attach("b", "seg1", "eth0", "10.77.1.2/24");
  l.attach("c", "seg1", "eth0", "10.77.1.3/24");
  l.attach("router", "seg1", "eth1", "10.77.1.254/24");
  l.attach("router", "seg2", "eth2", "10.77.2.254/24");
  l.attach("d", "seg2", "eth0", "10.77.2.4/24");
  for (const char* h : {"a", "b", "c"}) l.set_default_route(h, "10.77.1.254");
  l.set_default_route("d", "10.77.2.254");
  l.enable_forwarding("router");
  return std::move(*lab);
}

std::vector<std::string> udplab_args(std::vector<std::string> args) {
  args.insert(args.begin(), udplab_binary());
  return args;
}

// Waits for a server's or listener's first line ("... on ADDR:PORT; Ctrl-C to stop").
void wait_ready(BackgroundProcess& p) {
  auto line = p.read_line();
  BOOST_REQUIRE_MESSAGE(line && line->find("Ctrl-C to stop") != std::string::npos, line.value_or("(nothing)"));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(broadcast_netns_test)

BOOST_AUTO_TEST_CASE(broadcasts_reach_the_segment_and_not_beyond_the_router) {
  auto lab = two_segments();
  if (!lab) return;
  const auto listen = udplab_args({"broadcast", "listen", "--port", "7071", "--duration", "3s"});
  BackgroundProcess at_b(lab->in("b", listen)), at_c(lab->in("c", listen)), at_d(lab->in("d", listen)),
      at_router(lab->in("router", listen));
  for (auto* p : {&at_b, &at_c, &at_d, &at_router}) wait_ready(*p);
  // Three broadcasts from a: its own subnet (the default), the limited address, and d's subnet.
  for (std::vector<std::string> how : {std::vector<std::string>{}, {"--limited"}, {"--to", "10.77.2.255"}}) {
    auto args = udplab_args({"broadcast", "send", "--port", "7071"});
    args.insert(args.end(), how.begin(), how.end());
    args.push_back("hello from a");
    auto sent = run_process(lab->in("a", args));
    BOOST_TEST(sent.exit_code == 0, sent.out << sent.err);
    if (how.empty()) BOOST_TEST(sent.out.find("sending 12 bytes to 10.77.1.255:7071\n") == 0u, sent.out);
  }
  auto heard = [](BackgroundProcess& p) {
    auto r = p.wait(std::chrono::seconds(10));
    BOOST_TEST(r.exit_code == 0, r.err);
    std::size_t n = 0;
    for (std::size_t at = 0; (at = r.out.find(" (12 bytes): hello from a\n", at)) != std::string::npos; ++at) ++n;
    return std::make_pair(n, r.out);
  };
  for (auto* p : {&at_b, &at_c}) {
    auto [n, out] = heard(*p);
    BOOST_TEST(n == 2u, out);  // the directed and the limited broadcast, not the one for seg2
    BOOST_TEST(out.find("s  10.77.1.1:") != std::string::npos, out);
    BOOST_TEST(out.find("0.0.0.0:7071: 2 datagrams (24 bytes) from 2 senders") != std::string::npos, out);
  }
  // The router hears all three: 10.77.2.255 is a broadcast address of its own (seg2's side), so
  // the kernel delivers it locally, and forwards it nowhere.
  auto [at_r, router_out] = heard(at_router);
  BOOST_TEST(at_r == 3u, router_out);
  auto [n, out] = heard(at_d);
  BOOST_TEST(n == 0u, out);  // nothing crossed the router
}

BOOST_AUTO_TEST_CASE(discovery_finds_exactly_the_responders_on_its_segment) {
  auto lab = two_segments();
  if (!lab) return;
  std::vector<std::unique_ptr<BackgroundProcess>> servers;
  for (const char* h : {"b", "c", "d"}) {
    // The default bind (::) serves IPv4 too, broadcasts included.
    servers.push_back(std::make_unique<BackgroundProcess>(
        lab->in(h, udplab_args({"echo", "serve", "--port", "7007", "--duration", "20s", "--name", std::string("server-") + h}))));
    wait_ready(*servers.back());
  }
  auto discover = [&](std::vector<std::string> extra) {
    auto args = udplab_args({"discover", "--port", "7007", "--timeout", "500ms", "--json"});
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = run_process(lab->in("a", args));
    v1::DiscoverReport report;
    BOOST_REQUIRE_MESSAGE(google::protobuf::util::JsonStringToMessage(r.out, &report).ok(), r.out << r.err);
    std::set<std::string> names;
    for (const auto& x : report.responders()) {
      names.insert(x.name());
      BOOST_TEST(x.rtt_ms() > 0.0);
      BOOST_TEST(x.rtt_ms() < 500.0);
    }
    BOOST_TEST(report.responders_size() == static_cast<int>(names.size()));
    return std::make_pair(names, report);
  };
  auto [local, report] = discover({});
  BOOST_TEST(local == (std::set<std::string>{"server-b", "server-c"}), boost::test_tools::per_element());
  BOOST_TEST(report.probed(0) == "10.77.1.255:7007");
  BOOST_TEST(discover({"--limited"}).first == (std::set<std::string>{"server-b", "server-c"}),
             boost::test_tools::per_element());
  BOOST_TEST(discover({"--to", "10.77.2.255"}).first.empty());  // the router drops directed broadcasts
  BOOST_TEST(discover({"--to", "10.77.2.4"}).first == std::set<std::string>{"server-d"},
             boost::test_tools::per_element());  // unicast is routed
  for (auto& s : servers) s->stop(SIGINT);
}

BOOST_AUTO_TEST_SUITE_END()
