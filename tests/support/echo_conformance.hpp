// One echo experiment body shared by the live and the simulated suites: an echo server and a
// pinger on whatever runtimes the caller gives, run until the pinger finishes.
#pragma once

#include <boost/test/unit_test.hpp>

#include <functional>

#include "workload/echo_workloads.hpp"

namespace udplab::test {

struct EchoRun {
  echo::PingSummary ping;
  echo::ServerStats server;
  std::vector<echo::PingEvent> events;
};

// `run(done)` must run the runtimes' loop until done() is true (or give up).
inline EchoRun run_echo(transport::Runtime& server_rt, net::Endpoint server_bind, transport::Runtime& client_rt,
                        net::IpAddress server_address, echo::PingConfig config,
                        const std::function<void(const std::function<bool()>&)>& run) {
  workload::EchoServerWorkload server(server_rt, {}, server_bind);
  auto error = server.start();
  BOOST_REQUIRE_MESSAGE(!error, error.value_or(""));
  config.target = net::Endpoint{server_address, server.local_endpoint().port};
  workload::EchoPingWorkload ping(client_rt, config);
  EchoRun result;
  ping.on_event([&](const echo::PingEvent& e) { result.events.push_back(e); });
  error = ping.start();
  BOOST_REQUIRE_MESSAGE(!error, error.value_or(""));
  run([&] { return ping.finished(); });
  BOOST_REQUIRE(ping.finished());
  result.ping = ping.summary();
  result.server = server.stats();
  server.stop();
  return result;
}

// What a clean path must show, live or simulated.
inline void check_clean(const EchoRun& r, std::uint64_t count) {
  BOOST_TEST(r.ping.sent == count);
  BOOST_TEST(r.ping.received == count);
  BOOST_TEST(r.ping.lost == 0u);
  BOOST_TEST(r.ping.duplicates == 0u);
  BOOST_TEST(r.ping.reordered == 0u);
  BOOST_TEST(r.ping.late == 0u);
  BOOST_TEST(r.ping.unmatched == 0u);
  BOOST_TEST(r.ping.rtt.samples == count);
  BOOST_TEST(r.server.replied == count);
  BOOST_TEST(r.server.received == count);
  BOOST_TEST(r.events.size() == count);  // one reply event each
}

}  // namespace udplab::test
