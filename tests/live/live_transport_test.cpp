// The live transport on loopback: the same contract netsim honours.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "live/interfaces.hpp"
#include "live/live_runtime.hpp"
#include "live/resolve.hpp"
#include "support/wine.hpp"
#include "util/bytes.hpp"

using namespace udplab;
using namespace std::chrono_literals;

namespace {

net::Endpoint ep(const char* s) { return *net::Endpoint::parse(s); }

bool have_ipv6_loopback() {
  live::LiveRuntime rt;
  return rt.bind(ep("[::1]:0")).has_value();
}

struct Inbox {
  std::vector<std::pair<net::Endpoint, std::string>> got;
  std::vector<std::error_code> errors;
  void attach(transport::Socket& s) {
    s.start_receiving([this](const transport::Datagram& d) { got.emplace_back(d.from, std::string(util::as_chars(d.payload))); },
                      [this](std::error_code ec) { errors.push_back(ec); });
  }
};

// Runs the loop until `done` or 5 s pass.
void run_until(live::LiveRuntime& rt, const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!done() && std::chrono::steady_clock::now() < deadline) rt.run_for(10ms);
}

void exchange(const char* any, const char* loopback, live::LiveOptions options) {
  live::LiveRuntime rt(options);
  auto server = rt.bind(ep(any));
  BOOST_REQUIRE(server);
  const auto port = (*server)->local_endpoint().port;
  BOOST_TEST(port != 0);
  Inbox at_server, at_client;
  at_server.attach(**server);
  auto client = rt.bind(ep(any));
  BOOST_REQUIRE(client);
  at_client.attach(**client);
  net::Endpoint to{ep(loopback).address, port};
  for (int i = 0; i < 100; ++i) BOOST_REQUIRE(!(*client)->send_to(to, util::as_bytes("ping " + std::to_string(i))));
  run_until(rt, [&] { return at_server.got.size() == 100; });
  BOOST_REQUIRE_EQUAL(at_server.got.size(), 100u);
  BOOST_TEST(at_server.got[42].second == "ping 42");
  BOOST_TEST(at_server.got[0].first.port == (*client)->local_endpoint().port);
  for (auto& [from, text] : at_server.got) BOOST_REQUIRE(!(*server)->send_to(from, util::as_bytes("re " + text)));
  run_until(rt, [&] { return at_client.got.size() == 100; });
  BOOST_REQUIRE_EQUAL(at_client.got.size(), 100u);
  BOOST_TEST(at_client.got[99].second == "re ping 99");
  BOOST_TEST(at_client.got[0].first.address == ep(loopback).address);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(live_transport_test)

BOOST_AUTO_TEST_CASE(ipv4_exchange_batched) { exchange("127.0.0.1:0", "127.0.0.1:0", {}); }

BOOST_AUTO_TEST_CASE(ipv4_exchange_portable_path) { exchange("127.0.0.1:0", "127.0.0.1:0", {.batch_io = false}); }

// Sends made while a datagram is handed to its handler are queued and leave together after it:
// a run to one destination with one size goes out as a GSO send where Linux offers it, the rest by
// sendmmsg or one by one. Whichever way, every datagram must arrive whole and on its own: 60 of
// 1400 bytes (more than one GSO send holds) and a shorter last one to the first client,
// interleaved with datagrams to a second client.
void burst(live::LiveOptions options) {
  live::LiveRuntime rt(options);
  auto server = rt.bind(ep("127.0.0.1:0"));
  auto a = rt.bind(ep("127.0.0.1:0"));
  auto b = rt.bind(ep("127.0.0.1:0"));
  BOOST_REQUIRE((server && a && b));
  const net::Endpoint to_a = (*a)->local_endpoint(), to_b = (*b)->local_endpoint();
  auto datagram = [](std::size_t size, int tag) {
    std::string s(size, static_cast<char>('a' + tag % 26));
    const std::string head = std::to_string(tag) + ":";
    s.replace(0, head.size(), head);
    return s;
  };
  std::vector<std::pair<net::Endpoint, std::string>> planned;
  for (int i = 0; i < 60; ++i) planned.emplace_back(to_a, datagram(1400, i));
  planned.emplace_back(to_a, datagram(200, 60));
  planned.emplace_back(to_b, datagram(500, 61));
  planned.emplace_back(to_b, datagram(500, 62));
  planned.emplace_back(to_a, datagram(1400, 63));
  planned.emplace_back(to_b, datagram(100, 64));
  (*server)->start_receiving(
      [&](const transport::Datagram&) {
        for (const auto& [to, text] : planned) BOOST_REQUIRE(!(*server)->send_to(to, util::as_bytes(text)));
      },
      [](std::error_code) {});
  Inbox at_a, at_b;
  at_a.attach(**a);
  at_b.attach(**b);
  BOOST_REQUIRE(!(*a)->send_to((*server)->local_endpoint(), util::as_bytes("go")));
  run_until(rt, [&] { return at_a.got.size() == 62 && at_b.got.size() == 3; });
  std::vector<std::string> want_a, want_b, got_a, got_b;
  for (const auto& [to, text] : planned) (to == to_a ? want_a : want_b).push_back(text);
  for (const auto& [from, text] : at_a.got) got_a.push_back(text);
  for (const auto& [from, text] : at_b.got) got_b.push_back(text);
  BOOST_TEST(got_a == want_a, boost::test_tools::per_element());
  BOOST_TEST(got_b == want_b, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(burst_from_a_handler_keeps_datagram_boundaries_batched) { burst({}); }

BOOST_AUTO_TEST_CASE(burst_from_a_handler_keeps_datagram_boundaries_portable_path) { burst({.batch_io = false}); }

// A socket that receives bursts turns coalesced receives on (Linux: UDP_GRO), so that a peer's GSO
// send arrives as one run which the socket cuts back into datagrams; when datagrams then come one
// at a time it turns them off again. Through every switch each datagram must arrive whole and on
// its own, a shorter last one included: bursts, then 80 one-by-one exchanges, then bursts again.
BOOST_AUTO_TEST_CASE(coalesced_receives_keep_datagram_boundaries_and_switch_off_for_lock_step) {
  live::LiveRuntime rt;
  auto server = rt.bind(ep("127.0.0.1:0"));
  auto client = rt.bind(ep("127.0.0.1:0"));
  BOOST_REQUIRE((server && client));
  std::vector<std::string> burst;
  for (int i = 0; i < 50; ++i) burst.push_back(std::to_string(i) + std::string(1400, static_cast<char>('a' + i % 26)));
  burst.push_back("last, shorter");
  // "burst" asks for the burst, anything else is echoed.
  (*server)->start_receiving(
      [&](const transport::Datagram& d) {
        const std::string text(util::as_chars(d.payload));
        if (text != "burst") {
          BOOST_REQUIRE(!(*server)->send_to(d.from, d.payload));
          return;
        }
        for (const auto& b : burst) BOOST_REQUIRE(!(*server)->send_to(d.from, util::as_bytes(b)));
      },
      [](std::error_code) {});
  Inbox inbox;
  inbox.attach(**client);
  const net::Endpoint to = (*server)->local_endpoint();
  auto ask_burst = [&] {
    inbox.got.clear();
    BOOST_REQUIRE(!(*client)->send_to(to, util::as_bytes("burst")));
    run_until(rt, [&] { return inbox.got.size() == burst.size(); });
    std::vector<std::string> got;
    for (const auto& [from, text] : inbox.got) got.push_back(text);
    BOOST_TEST(got == burst, boost::test_tools::per_element());
  };
  for (int round = 0; round < 3; ++round) ask_burst();
  const auto after_bursts = live::receive_stats(**client);
  BOOST_REQUIRE(after_bursts);
  if (live::coalesced_receives_available()) {
    BOOST_TEST(after_bursts->coalescing);
    BOOST_TEST(after_bursts->coalesced_runs > 0u);
  } else {
    BOOST_TEST(after_bursts->coalesced_runs == 0u);
  }
  for (int i = 0; i < 80; ++i) {
    inbox.got.clear();
    const std::string ping = "ping " + std::to_string(i);
    BOOST_REQUIRE(!(*client)->send_to(to, util::as_bytes(ping)));
    run_until(rt, [&] { return !inbox.got.empty(); });
    BOOST_REQUIRE_EQUAL(inbox.got.size(), 1u);
    BOOST_TEST(inbox.got[0].second == ping);
  }
  BOOST_TEST(!live::receive_stats(**client)->coalescing);
  for (int round = 0; round < 3; ++round) ask_burst();
  if (live::coalesced_receives_available())
    BOOST_TEST(live::receive_stats(**client)->coalesced_runs > after_bursts->coalesced_runs);
  BOOST_TEST(!live::receive_stats(**server)->coalescing);  // it only ever got one at a time
}

// Spinning (LiveOptions::spin): a peer that answers at once, here an echo on another thread, is
// caught without going back to sleep; nothing changes in what arrives. With spin 0 nothing spins.
void ping_pong_with_echo_thread(live::LiveOptions options, std::uint64_t& spun) {
  live::LiveRuntime echo_rt;
  auto echo = echo_rt.bind(ep("127.0.0.1:0"));
  BOOST_REQUIRE(echo);
  (*echo)->start_receiving([&](const transport::Datagram& d) { (void)(*echo)->send_to(d.from, d.payload); },
                           [](std::error_code) {});
  std::atomic<bool> stop{false};
  std::thread echo_thread([&] {
    while (!stop) echo_rt.run_for(std::chrono::milliseconds(5));
  });
  live::LiveRuntime rt(options);
  auto client = rt.bind(ep("127.0.0.1:0"));
  BOOST_REQUIRE(client);
  Inbox inbox;
  const net::Endpoint to = (*echo)->local_endpoint();
  // Each answer sends the next ping from the handler, as a lock-step protocol does.
  int next = 0;
  (*client)->start_receiving(
      [&](const transport::Datagram& d) {
        inbox.got.emplace_back(d.from, std::string(util::as_chars(d.payload)));
        if (++next < 300) (void)(*client)->send_to(to, util::as_bytes("ping " + std::to_string(next)));
      },
      [](std::error_code) {});
  BOOST_REQUIRE(!(*client)->send_to(to, util::as_bytes("ping 0")));
  run_until(rt, [&] { return inbox.got.size() == 300; });
  stop = true;
  echo_thread.join();
  BOOST_REQUIRE_EQUAL(inbox.got.size(), 300u);
  for (int i = 0; i < 300; ++i) BOOST_TEST(inbox.got[static_cast<std::size_t>(i)].second == "ping " + std::to_string(i));
  spun = live::receive_stats(**client)->spun;
}

BOOST_AUTO_TEST_CASE(spinning_catches_a_prompt_answer_and_changes_nothing_else) {
  std::uint64_t spun = 0;
  ping_pong_with_echo_thread({.spin = std::chrono::milliseconds(2)}, spun);
  if (live::batch_io_available())
    BOOST_TEST(spun > 0u);
  else
    BOOST_TEST(spun == 0u);  // the portable path never spins
  ping_pong_with_echo_thread({.spin = std::chrono::microseconds(0)}, spun);
  BOOST_TEST(spun == 0u);
}

BOOST_AUTO_TEST_CASE(ipv6_exchange) {
  if (!have_ipv6_loopback()) {
    BOOST_TEST_MESSAGE("no IPv6 loopback here; skipped");
    return;
  }
  exchange("[::1]:0", "[::1]:0", {});
}

BOOST_AUTO_TEST_CASE(dual_stack_socket_reports_ipv4_peers_as_ipv4) {
  live::LiveRuntime rt;
  auto server = rt.bind(ep("[::]:0"));
  if (!server) {
    BOOST_TEST_MESSAGE("no IPv6 here; skipped");
    return;
  }
  Inbox in;
  in.attach(**server);
  auto client = rt.bind(ep("127.0.0.1:0"));
  BOOST_REQUIRE(client);
  BOOST_REQUIRE(!(*client)->send_to({ep("127.0.0.1:0").address, (*server)->local_endpoint().port}, util::as_bytes("v4")));
  run_until(rt, [&] { return !in.got.empty(); });
  BOOST_REQUIRE_EQUAL(in.got.size(), 1u);
  BOOST_TEST(in.got[0].first.address.is_v4());
  // And the reply goes back through the v6 socket to the v4 peer.
  Inbox back;
  back.attach(**client);
  BOOST_REQUIRE(!(*server)->send_to(in.got[0].first, util::as_bytes("ok")));
  run_until(rt, [&] { return !back.got.empty(); });
  BOOST_TEST(back.got.size() == 1u);
}

BOOST_AUTO_TEST_CASE(closed_port_is_connection_refused_when_connected) {
  live::LiveRuntime rt;
  // Find a port nobody uses: bind, note, close.
  std::uint16_t dead_port;
  {
    auto probe = rt.bind(ep("127.0.0.1:0"));
    dead_port = (*probe)->local_endpoint().port;
  }
  auto s = rt.bind(ep("127.0.0.1:0"));
  BOOST_REQUIRE(s);
  BOOST_REQUIRE(!(*s)->connect({ep("127.0.0.1:0").address, dead_port}));
  Inbox in;
  in.attach(**s);
  BOOST_REQUIRE(!(*s)->send_to({ep("127.0.0.1:0").address, dead_port}, util::as_bytes("anyone?")));
  run_until(rt, [&] { return !in.errors.empty(); });
  BOOST_REQUIRE_EQUAL(in.errors.size(), 1u);
  BOOST_TEST(in.errors[0] == std::errc::connection_refused);
}

// An unconnected socket (a server) that sent a datagram to a closed port keeps receiving and
// reports nothing: the ICMP port unreachable concerns that one datagram. (Windows would fail the
// next receive with "connection reset" unless told not to: socket_platform_windows.cpp.)
BOOST_AUTO_TEST_CASE(closed_port_does_not_disturb_an_unconnected_socket) {
  live::LiveRuntime rt;
  std::uint16_t dead_port;
  {
    auto probe = rt.bind(ep("127.0.0.1:0"));
    BOOST_REQUIRE(probe);
    dead_port = (*probe)->local_endpoint().port;
  }
  auto server = rt.bind(ep("127.0.0.1:0"));
  auto client = rt.bind(ep("127.0.0.1:0"));
  BOOST_REQUIRE((server && client));
  Inbox at_server;
  at_server.attach(**server);
  for (int i = 0; i < 3; ++i)
    BOOST_REQUIRE(!(*server)->send_to({ep("127.0.0.1:0").address, dead_port}, util::as_bytes("gone?")));
  rt.run_for(std::chrono::milliseconds(50));  // the ICMP errors come back
  for (int i = 0; i < 3; ++i)
    BOOST_REQUIRE(!(*client)->send_to((*server)->local_endpoint(), util::as_bytes("hello " + std::to_string(i))));
  run_until(rt, [&] { return at_server.got.size() == 3; });
  BOOST_REQUIRE_EQUAL(at_server.got.size(), 3u);
  BOOST_TEST(at_server.got[2].second == "hello 2");
  BOOST_TEST(at_server.errors.empty());
}

// A socket that asks (name_unreachable) hears of each closed port it sent to, named, without
// being connected, and keeps receiving: what a TFTP client needs, whose server answers from a new
// port. Linux names the destinations (IP_RECVERR); elsewhere such a socket hears nothing, as any
// unconnected socket.
void unreachable_destinations_are_named(const live::LiveOptions& options) {
  live::LiveRuntime rt(options);
  std::vector<net::Endpoint> dead;
  {
    auto a = rt.bind(ep("127.0.0.1:0"));
    auto b = rt.bind(ep("127.0.0.1:0"));
    BOOST_REQUIRE((a && b));
    dead = {(*a)->local_endpoint(), (*b)->local_endpoint()};
  }
  auto s = rt.bind(ep("127.0.0.1:0"), {.name_unreachable = true});
  auto peer = rt.bind(ep("127.0.0.1:0"));
  BOOST_REQUIRE((s && peer));
  std::vector<transport::SocketError> errors;
  std::vector<std::string> got;
  (*s)->start_receiving([&](const transport::Datagram& d) { got.emplace_back(util::as_chars(d.payload)); },
                        [&](const transport::SocketError& e) { errors.push_back(e); });
  Inbox at_peer;
  at_peer.attach(**peer);
  // Back to back: the second and third sends find the first refusal pending on the socket.
  for (const auto& to : dead) BOOST_REQUIRE(!(*s)->send_to(to, util::as_bytes("anyone?")));
  BOOST_REQUIRE(!(*s)->send_to((*peer)->local_endpoint(), util::as_bytes("hello")));
  run_until(rt, [&] { return !at_peer.got.empty(); });
  BOOST_TEST(at_peer.got.size() == 1u);  // the send after the refusals went out
  rt.run_for(50ms);
  BOOST_REQUIRE(!(*peer)->send_to((*s)->local_endpoint(), util::as_bytes("still here")));
  run_until(rt, [&] { return !got.empty(); });
  BOOST_TEST(got == std::vector<std::string>{"still here"});
  std::vector<net::Endpoint> named;
  for (const auto& e : errors) {
    BOOST_TEST(e.code == std::errc::connection_refused, e.code.message());
    if (e.about) named.push_back(*e.about);
  }
#if defined(__linux__)
  BOOST_TEST(named == dead);
#else
  BOOST_TEST(errors.empty());
#endif
}

BOOST_AUTO_TEST_CASE(unreachable_destinations_are_named_batched) { unreachable_destinations_are_named({}); }
BOOST_AUTO_TEST_CASE(unreachable_destinations_are_named_portable_path) {
  unreachable_destinations_are_named({.batch_io = false});
}

// A handler that answers and then closes its socket (an engine that ends on a datagram and sends
// its last words, as a TFTP client's ERROR 3) gets the answer out, on either receive path.
void last_words_before_close(const live::LiveOptions& options) {
  live::LiveRuntime rt(options);
  auto a = rt.bind(ep("127.0.0.1:0"));
  auto b = rt.bind(ep("127.0.0.1:0"));
  BOOST_REQUIRE((a && b));
  transport::Socket& closing = **a;
  closing.start_receiving(
      [&](const transport::Datagram& d) {
        BOOST_TEST(!closing.send_to(d.from, util::as_bytes("last words")));
        closing.close();
      },
      [](std::error_code) {});
  Inbox at_b;
  at_b.attach(**b);
  BOOST_REQUIRE(!(*b)->send_to(closing.local_endpoint(), util::as_bytes("hello")));
  run_until(rt, [&] { return !at_b.got.empty(); });
  BOOST_REQUIRE_EQUAL(at_b.got.size(), 1u);
  BOOST_TEST(at_b.got[0].second == "last words");
}

BOOST_AUTO_TEST_CASE(last_words_before_close_batched) { last_words_before_close({}); }
BOOST_AUTO_TEST_CASE(last_words_before_close_portable_path) { last_words_before_close({.batch_io = false}); }

// A port bound without reuse is not shared, even with a socket that asks for reuse (on Windows the
// first holds it with SO_EXCLUSIVEADDRUSE); sockets that all ask for reuse share one.
BOOST_AUTO_TEST_CASE(only_sockets_that_ask_for_reuse_share_a_port) {
  live::LiveRuntime rt;
  auto alone = rt.bind(ep("127.0.0.1:0"));
  BOOST_REQUIRE(alone);
  auto intruder = rt.bind((*alone)->local_endpoint(), {.reuse_address = true});
  BOOST_REQUIRE(!intruder);
  BOOST_TEST(intruder.error() == std::errc::address_in_use);
  auto first = rt.bind(ep("127.0.0.1:0"), {.reuse_address = true});
  BOOST_REQUIRE(first);
  auto second = rt.bind((*first)->local_endpoint(), {.reuse_address = true});
  BOOST_TEST(second.has_value());
}

// The interfaces seam: the rule that turns interface addresses into directed broadcasts.
BOOST_AUTO_TEST_CASE(directed_broadcasts_of_interface_addresses) {
  auto a = [](const char* s) { return *net::IpAddress::parse(s); };
  const std::vector<live::InterfaceAddress> interfaces{
      {a("10.0.1.7"), 24, std::nullopt},           // no broadcast address configured
      {a("192.0.2.2"), 24, a("192.0.2.255")},      // configured, the same as the subnet's
      {a("10.0.2.1"), 31, std::nullopt},           // point-to-point subnets have none
      {a("10.0.3.1"), 32, std::nullopt},
      {a("10.0.4.9"), std::nullopt, a("10.0.4.9")},  // glibc's "none": the address itself
      {a("10.0.5.9"), std::nullopt, a("0.0.0.0")},
      {a("10.0.6.9"), std::nullopt, a("10.0.6.127")},  // an odd mask: only the configured one
      {a("10.0.1.8"), 24, std::nullopt},           // a second address in the first subnet
      {a("172.16.0.1"), 30, std::nullopt},
  };
  const std::vector<net::IpAddress> want{a("10.0.1.255"), a("192.0.2.255"), a("10.0.6.127"), a("172.16.0.3")};
  BOOST_TEST(live::directed_broadcasts(interfaces) == want, boost::test_tools::per_element());
  // This host's, whatever they are: IPv4, never loopback, never the limited broadcast address.
  live::LiveRuntime rt;
  for (const net::IpAddress& b : rt.broadcast_addresses()) {
    BOOST_TEST(b.is_v4());
    BOOST_TEST(!b.is_loopback());
    BOOST_TEST(!b.is_limited_broadcast());
  }
}

BOOST_AUTO_TEST_CASE(errors_are_values) {
  live::LiveRuntime rt;
  auto s = rt.bind(ep("127.0.0.1:0"));
  BOOST_REQUIRE(s);
  std::vector<std::byte> big(65508);
  BOOST_TEST((*s)->send_to(ep("127.0.0.1:9"), big) == std::errc::message_size);
  auto taken = rt.bind((*s)->local_endpoint());
  BOOST_REQUIRE(!taken);
  BOOST_TEST(taken.error() == std::errc::address_in_use);
  if (test::running_under_wine()) {
    BOOST_TEST_MESSAGE("not checked under Wine: it binds to addresses the host does not have (Windows refuses them)");
    return;
  }
  auto foreign = rt.bind(ep("192.0.2.77:0"));
  BOOST_REQUIRE(!foreign);
  BOOST_TEST(foreign.error() == std::errc::address_not_available);
}

BOOST_AUTO_TEST_CASE(timers_fire_in_order_and_cancel) {
  live::LiveRuntime rt;
  auto t1 = rt.make_timer(), t2 = rt.make_timer(), t3 = rt.make_timer();
  std::vector<int> order;
  const Time now = rt.now();
  t1->arm(now + 30ms, [&] { order.push_back(1); });
  t2->arm(now + 10ms, [&] { order.push_back(2); });
  t3->arm(now + 20ms, [&] { order.push_back(3); });
  t3->cancel();
  run_until(rt, [&] { return order.size() == 2; });
  BOOST_TEST(order == (std::vector<int>{2, 1}));
  BOOST_TEST(rt.now() - now >= Duration(30ms));
  // A destroyed timer never calls back.
  bool called = false;
  {
    auto t = rt.make_timer();
    t->arm(rt.now() + 1ms, [&] { called = true; });
  }
  rt.run_for(20ms);
  BOOST_TEST(!called);
}

BOOST_AUTO_TEST_CASE(resolve_accepts_literals_and_names) {
  BOOST_TEST(live::resolve("127.0.0.1:7007", 7)->to_string() == "127.0.0.1:7007");
  BOOST_TEST(live::resolve("127.0.0.1", 7)->port == 7);
  BOOST_TEST(live::resolve("[::1]:9", 7)->to_string() == "[::1]:9");
  auto local = live::resolve("localhost:5", 7, net::Family::v4);
  BOOST_REQUIRE(local);
  BOOST_TEST(local->address.is_loopback());
  BOOST_TEST(!live::resolve("300.1.2.3", 7).has_value());
  BOOST_TEST(!live::resolve("host:99999", 7).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
