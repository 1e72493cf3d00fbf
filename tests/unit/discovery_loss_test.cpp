// A Discoverer probing three servers (an echo server and a chat room that answer discovery, and an
// echo server that only echoes) over an in-memory link (support/lossy_link.hpp), losing the n-th
// datagram for every n of a clean run, then the n-th and the n+1-th. With one round, a server is
// missing exactly when its probe or its answer was lost; with two, a server is missing only when
// both rounds' exchanges with it were hit, and otherwise is found by the first round that got
// through, with the link's round-trip time, and counted once per answer.
#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

#include "chat/chat_room.hpp"
#include "discovery/discoverer.hpp"
#include "echo/echo_server.hpp"
#include "support/lossy_link.hpp"

using namespace udplab;
using namespace udplab::discovery;
using namespace std::chrono_literals;

namespace {

const net::Endpoint kProber = *net::Endpoint::parse("10.0.0.1:40000");
const net::Endpoint kEcho = *net::Endpoint::parse("10.0.0.2:7");
const net::Endpoint kRoom = *net::Endpoint::parse("10.0.0.3:7070");
const net::Endpoint kPlainEcho = *net::Endpoint::parse("10.0.0.4:7");
const std::vector<net::Endpoint> kServers = {kEcho, kRoom, kPlainEcho};

struct DiscoverRun {
  DiscoverSummary summary;
  std::size_t datagrams = 0;
  std::map<net::Endpoint, std::set<std::uint32_t>> hit;  // server -> rounds whose probe or answer was lost
};

DiscoverRun run(unsigned probes, std::set<std::uint64_t> drop) {
  DiscoverConfig c;
  c.targets = kServers;
  c.probes = probes;
  c.interval = 100ms;
  c.timeout = 500ms;
  c.nonce = 0xD15C;
  Discoverer discoverer(c);
  echo::EchoServer echo_server({.discovery = *Identity::make(Role::echo_server, "echo", "1")});
  chat::RoomConfig room_config;
  room_config.discovery = *Identity::make(Role::chat_room, "room", "1");
  chat::ChatRoom room(room_config);
  echo::EchoServer plain({});
  test::LossyLink link;
  link.drop = std::move(drop);
  link.attach(kEcho, echo_server);
  link.attach(kRoom, room);
  link.attach(kPlainEcho, plain);
  link.attach(kProber, discoverer);
  link.run([&] { return discoverer.finished(); });
  BOOST_TEST(discoverer.finished());
  DiscoverRun r;
  r.summary = discoverer.summary();
  r.datagrams = link.log.size();
  for (const auto& d : link.log) {
    if (!d.dropped) continue;
    const bool probe = d.from == kProber;
    const auto round = probe ? decode_probe(d.payload)->seq
                             : (decode_reply(d.payload) ? decode_reply(d.payload)->probe.seq : decode_probe(d.payload)->seq);
    r.hit[probe ? d.to : d.from].insert(round);
  }
  return r;
}

void check_found(const DiscoverRun& r, unsigned probes) {
  BOOST_TEST(r.summary.probes_sent == 3u * probes);
  BOOST_TEST(r.summary.invalid == 0u);
  BOOST_TEST(r.summary.stale == 0u);
  std::uint64_t duplicates = 0;
  for (const auto& server : kServers) {
    BOOST_TEST_CONTEXT("server " << server) {
      const auto hit = r.hit.count(server) ? r.hit.at(server) : std::set<std::uint32_t>{};
      auto found = std::find_if(r.summary.responders.begin(), r.summary.responders.end(),
                                [&](const Responder& x) { return x.from == server; });
      BOOST_TEST((found != r.summary.responders.end()) == (hit.size() < probes));
      if (found == r.summary.responders.end()) continue;
      std::uint32_t first = 1;
      while (hit.count(first)) ++first;
      BOOST_TEST(found->probe == first);
      BOOST_TEST(found->answers == probes - hit.size());
      BOOST_TEST(found->rtt == Duration(2ms));
      BOOST_TEST(found->role == (server == kEcho ? "echo server" : server == kRoom ? "chat room" : "echo (no discovery)"));
      duplicates += found->answers - 1;
    }
  }
  BOOST_TEST(r.summary.duplicates == duplicates);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(discovery_loss_test)

BOOST_AUTO_TEST_CASE(losing_any_one_datagram) {
  for (unsigned probes : {1u, 2u}) {
    const auto clean = run(probes, {});
    BOOST_REQUIRE_EQUAL(clean.datagrams, 6u * probes);  // a probe to each server and its answer, per round
    BOOST_REQUIRE_EQUAL(clean.summary.responders.size(), 3u);
    check_found(clean, probes);
    for (std::uint64_t n = 1; n <= clean.datagrams; ++n) {
      BOOST_TEST_CONTEXT(probes << " round(s), losing datagram " << n) {
        const auto r = run(probes, {n});
        BOOST_TEST(r.hit.size() == 1u);
        check_found(r, probes);
        BOOST_TEST(r.summary.responders.size() == (probes == 1 ? 2u : 3u));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(losing_any_two_consecutive_datagrams) {
  for (unsigned probes : {1u, 2u}) {
    for (std::uint64_t n = 1; n < 6u * probes; ++n) {
      BOOST_TEST_CONTEXT(probes << " round(s), losing datagrams " << n << " and " << n + 1) {
        const auto r = run(probes, {n, n + 1});
        check_found(r, probes);
        if (probes == 2) BOOST_TEST(r.summary.responders.size() == 3u);  // a pair never hits both rounds of one server
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
