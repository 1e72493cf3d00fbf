// Broadcast send, broadcast listen and discovery as workloads.
//
// The sender and the discoverer bind an IPv4 socket with the broadcast option; the listener binds
// the wildcard address with reuse_address, so that several listeners on one host share a port and
// each gets every broadcast.
#pragma once

#include <memory>

#include "broadcast/broadcast_listener.hpp"
#include "broadcast/broadcast_sender.hpp"
#include "discovery/discoverer.hpp"
#include "transport/driver.hpp"
#include "workload/workload.hpp"

namespace udplab::workload {

class BroadcastSendWorkload final : public Workload {
 public:
  BroadcastSendWorkload(transport::Runtime& runtime, broadcast::SendConfig config, net::Endpoint bind = {});
  void on_event(std::function<void(const broadcast::SendEvent&)> fn) { on_event_ = std::move(fn); }

  std::optional<std::string> start() override;
  bool finite() const override { return true; }
  bool finished() const override { return engine_.finished(); }
  void stop() override;
  void fill_report(v1::WorkloadReport& report) const override;
  broadcast::SendStats stats() const { return engine_.stats(); }

 private:
  transport::Runtime& runtime_;
  broadcast::BroadcastSender engine_;
  net::Endpoint bind_;
  std::unique_ptr<transport::Driver<broadcast::BroadcastSender>> driver_;
  std::function<void(const broadcast::SendEvent&)> on_event_;
};

class BroadcastListenWorkload final : public Workload {
 public:
  BroadcastListenWorkload(transport::Runtime& runtime, broadcast::ListenConfig config, net::Endpoint bind);
  void on_event(std::function<void(const broadcast::ListenEvent&)> fn) { on_event_ = std::move(fn); }

  std::optional<std::string> start() override;
  // Ends by itself only with a count or a duration.
  bool finite() const override { return config_.count > 0 || config_.duration > Duration::zero(); }
  bool finished() const override { return engine_.finished(); }
  void stop() override;
  void fill_report(v1::WorkloadReport& report) const override;
  const broadcast::ListenStats& stats() const { return engine_.stats(); }
  net::Endpoint local_endpoint() const { return local_; }

 private:
  transport::Runtime& runtime_;
  broadcast::ListenConfig config_;
  broadcast::BroadcastListener engine_;
  net::Endpoint bind_;
  net::Endpoint local_;
  std::unique_ptr<transport::Driver<broadcast::BroadcastListener>> driver_;
  std::function<void(const broadcast::ListenEvent&)> on_event_;
};

class DiscoverWorkload final : public Workload {
 public:
  DiscoverWorkload(transport::Runtime& runtime, discovery::DiscoverConfig config, net::Endpoint bind = {});
  void on_event(std::function<void(const discovery::DiscoverEvent&)> fn) { on_event_ = std::move(fn); }

  std::optional<std::string> start() override;
  bool finite() const override { return true; }
  bool finished() const override { return engine_.finished(); }
  void stop() override;
  void fill_report(v1::WorkloadReport& report) const override;
  const discovery::DiscoverSummary& summary() const { return engine_.summary(); }

 private:
  transport::Runtime& runtime_;
  discovery::Discoverer engine_;
  net::Endpoint bind_;
  std::unique_ptr<transport::Driver<discovery::Discoverer>> driver_;
  std::function<void(const discovery::DiscoverEvent&)> on_event_;
};

}  // namespace udplab::workload
