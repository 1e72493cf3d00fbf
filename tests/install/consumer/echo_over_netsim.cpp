// An echo exchange between two simulated hosts, over the installed udplab: the echo server and
// ping engines, driven on netsim's runtimes, with the link dropping the 3rd and 7th datagrams the
// client sends. Prints what the ping saw, for the test to check.
#include <chrono>
#include <iostream>
#include <memory>

#include "echo/echo_ping.hpp"
#include "echo/echo_server.hpp"
#include "netsim/impairment.hpp"
#include "netsim/simulator.hpp"
#include "transport/driver.hpp"

using namespace udplab;
using namespace std::chrono_literals;

int main() {
  netsim::Simulator sim(1);
  auto& net = sim.network();
  auto& client_host = net.add_host("client");
  auto& server_host = net.add_host("server");
  auto& link = net.add_segment("lan");
  auto& client_if = net.attach(client_host, link, *net::Prefix::parse("10.0.0.1/24"));
  net.attach(server_host, link, *net::Prefix::parse("10.0.0.2/24"));
  net.compute_routes();
  client_if.egress->add(std::make_unique<netsim::DropList>(std::vector<std::uint64_t>{3, 7}));

  auto& server_rt = sim.runtime("server");
  auto server_socket = server_rt.bind(net::Endpoint{*net::IpAddress::parse("10.0.0.2"), 7});
  if (!server_socket) return 1;
  echo::EchoServer server({});
  transport::Driver<echo::EchoServer> serving(server_rt, std::move(*server_socket), server);
  serving.start();

  echo::PingConfig config;
  config.target = net::Endpoint{*net::IpAddress::parse("10.0.0.2"), 7};
  config.count = 10;
  config.interval = 10ms;
  config.timeout = 100ms;
  auto& client_rt = sim.runtime("client");
  auto client_socket = client_rt.bind(net::Endpoint{*net::IpAddress::parse("10.0.0.1"), 0});
  if (!client_socket) return 1;
  echo::EchoPing ping(config);
  transport::Driver<echo::EchoPing> pinging(client_rt, std::move(*client_socket), ping);
  pinging.start();

  sim.run_until(Time{60s}, [&] { return ping.finished(); });
  const auto summary = ping.summary();
  std::cout << "sent " << summary.sent << ", received " << summary.received << ", lost " << summary.lost
            << "; server replied " << server.stats().replied << "\n";
  return ping.finished() ? 0 : 1;
}
