#include "workload/broadcast_workloads.hpp"

#include "report/broadcast_report.hpp"

namespace udplab::workload {

BroadcastSendWorkload::BroadcastSendWorkload(transport::Runtime& runtime, broadcast::SendConfig config, net::Endpoint bind)
    : runtime_(runtime), engine_(std::move(config)), bind_(bind) {}

std::optional<std::string> BroadcastSendWorkload::start() {
  auto socket = open_socket(runtime_, bind_, std::nullopt, {.broadcast = true});
  if (!socket) return socket.error();
  driver_ = drive(runtime_, std::move(*socket), engine_, on_event_);
  return std::nullopt;
}

void BroadcastSendWorkload::stop() { stop_driven(runtime_, driver_, engine_); }

void BroadcastSendWorkload::fill_report(v1::WorkloadReport& report) const {
  report.set_finished(engine_.finished());
  *report.mutable_broadcast_send() = report::make_broadcast_send_report(engine_.config(), engine_.stats());
}

BroadcastListenWorkload::BroadcastListenWorkload(transport::Runtime& runtime, broadcast::ListenConfig config,
                                                 net::Endpoint bind)
    : runtime_(runtime), config_(config), engine_(config), bind_(bind) {}

std::optional<std::string> BroadcastListenWorkload::start() {
  engine_.set_events_enabled(on_event_ != nullptr);
  auto socket = open_socket(runtime_, bind_, std::nullopt, {.reuse_address = true});
  if (!socket) return socket.error();
  local_ = (*socket)->local_endpoint();
  driver_ = drive(runtime_, std::move(*socket), engine_, on_event_);
  return std::nullopt;
}

void BroadcastListenWorkload::stop() { stop_driven(runtime_, driver_, engine_); }

void BroadcastListenWorkload::fill_report(v1::WorkloadReport& report) const {
  report.set_finished(engine_.finished());
  *report.mutable_broadcast_listen() = report::make_broadcast_listen_report(engine_.stats(), local_.to_string());
}

DiscoverWorkload::DiscoverWorkload(transport::Runtime& runtime, discovery::DiscoverConfig config, net::Endpoint bind)
    : runtime_(runtime), engine_(std::move(config)), bind_(bind) {}

std::optional<std::string> DiscoverWorkload::start() {
  auto socket = open_socket(runtime_, bind_, std::nullopt, {.broadcast = true});
  if (!socket) return socket.error();
  driver_ = drive(runtime_, std::move(*socket), engine_, on_event_);
  return std::nullopt;
}

void DiscoverWorkload::stop() { stop_driven(runtime_, driver_, engine_); }

void DiscoverWorkload::fill_report(v1::WorkloadReport& report) const {
  report.set_finished(engine_.finished());
  *report.mutable_discover() = report::make_discover_report(engine_.summary());
}

}  // namespace udplab::workload
