// Broadcast and discovery experiment bodies shared by the live and the simulated suites.
#pragma once

#include <boost/test/unit_test.hpp>

#include <functional>
#include <set>
#include <string>

#include "workload/broadcast_workloads.hpp"

namespace udplab::test {

using Runner = std::function<void(const std::function<bool()>&)>;

// Sends config.message from `sender_rt` and runs until the sender is done (the runner lets the
// datagrams in flight arrive).
inline broadcast::SendStats send_broadcast(transport::Runtime& sender_rt, broadcast::SendConfig config, const Runner& run) {
  workload::BroadcastSendWorkload sender(sender_rt, std::move(config));
  auto error = sender.start();
  BOOST_REQUIRE_MESSAGE(!error, error.value_or(""));
  run([&] { return sender.finished(); });
  BOOST_REQUIRE(sender.finished());
  return sender.stats();
}

inline discovery::DiscoverSummary discover(transport::Runtime& rt, discovery::DiscoverConfig config, const Runner& run) {
  workload::DiscoverWorkload d(rt, std::move(config));
  auto error = d.start();
  BOOST_REQUIRE_MESSAGE(!error, error.value_or(""));
  run([&] { return d.finished(); });
  BOOST_REQUIRE(d.finished());
  return d.summary();
}

// Exactly these names answered, each once, with a plausible RTT.
inline void check_responders(const discovery::DiscoverSummary& s, const std::set<std::string>& names) {
  std::set<std::string> found;
  for (const auto& r : s.responders) {
    found.insert(r.name);
    BOOST_TEST(r.rtt >= Duration::zero());
    BOOST_TEST(r.rtt < Duration(std::chrono::seconds(1)));
    BOOST_TEST(r.version == UDPLAB_VERSION);
  }
  BOOST_TEST(found == names, boost::test_tools::per_element());
  BOOST_TEST(s.responders.size() == names.size());
  BOOST_TEST(s.invalid == 0u);
}

inline discovery::Identity identity(const std::string& name, discovery::Role role = discovery::Role::echo_server) {
  auto id = discovery::Identity::make(role, name, UDPLAB_VERSION);
  if (!id) BOOST_FAIL(id.error());
  return *id;
}

}  // namespace udplab::test
