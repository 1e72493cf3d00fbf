// HostRuntime: the transport::Runtime of one simulated host. Engines running on it see virtual
// time, the host's addresses and the simulated network; nothing else changes for them.
#pragma once

#include <deque>
#include <vector>

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

  // A timer's state outlives the timer object: an event for it may still be queued. Slots are
  // reused, and their generation only ever grows, so a stale event never fires a new owner.
  struct TimerSlot final : EventHandler {
    EventQueue* events = nullptr;
    transport::Timer::Handler handler;
    std::uint64_t generation = 0;
    void on_event(std::uint64_t gen) override;
  };
  TimerSlot& acquire_timer_slot();
  void release_timer_slot(TimerSlot& slot);

 private:
  Network& network_;
  Host& host_;
  std::deque<TimerSlot> timer_slots_;
  std::vector<TimerSlot*> free_timer_slots_;
};

}  // namespace udplab::netsim
