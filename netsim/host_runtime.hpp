// HostRuntime: the transport::Runtime of one simulated host. Engines running on it see virtual
// time, the host's addresses and the simulated network; nothing else changes for them.
#pragma once

#include "netsim/network.hpp"
#include "transport/runtime.hpp"

namespace udplab::netsim {

class HostRuntime final : public transport::Runtime {
 public:
  HostRuntime(Network& network, Host& host) : network_(network), host_(host) {}

  Time now() const override { return network_.events().now(); }
  std::expected<std::unique_ptr<transport::Socket>, std::error_code> bind(
      const net::Endpoint& local, const transport::BindOptions& options = {}) override;
  std::unique_ptr<transport::Timer> make_timer() override;
  std::vector<net::IpAddress> broadcast_addresses() const override { return host_.broadcast_addresses(); }
  void post(std::function<void()> fn) override;

  Host& host() { return host_; }

 private:
  Network& network_;
  Host& host_;
};

}  // namespace udplab::netsim
