#include "workload/echo_workloads.hpp"

#include "report/echo_report.hpp"

namespace udplab::workload {

EchoServerWorkload::EchoServerWorkload(transport::Runtime& runtime, echo::ServerConfig config, net::Endpoint bind,
                                       transport::BindOptions options)
    : runtime_(runtime), engine_(std::move(config)), bind_(bind), options_(options) {}

std::optional<std::string> EchoServerWorkload::start() {
  auto socket = open_socket(runtime_, bind_, std::nullopt, options_);
  if (!socket) return socket.error();
  local_ = (*socket)->local_endpoint();
  engine_.set_events_enabled(!quiet_ && on_event_ != nullptr);
  driver_ = drive(runtime_, std::move(*socket), engine_, on_event_);
  return std::nullopt;
}

void EchoServerWorkload::stop() { stop_driven(runtime_, driver_, engine_); }

void EchoServerWorkload::fill_report(v1::WorkloadReport& report) const {
  *report.mutable_echo_server() = report::make_echo_server_report(engine_.stats(), local_.to_string());
}

EchoPingWorkload::EchoPingWorkload(transport::Runtime& runtime, echo::PingConfig config, net::Endpoint bind)
    : runtime_(runtime), engine_(std::move(config)), bind_(bind) {
  if (bind_.address.is_unspecified() && engine_.config().target.address.is_v6())
    bind_.address = net::IpAddress::any(net::Family::v6);
}

std::optional<std::string> EchoPingWorkload::start() {
  auto socket = open_socket(runtime_, bind_, engine_.config().target);
  if (!socket) return socket.error();
  engine_.set_events_enabled(on_event_ != nullptr);
  driver_ = drive(runtime_, std::move(*socket), engine_, on_event_);
  return std::nullopt;
}

void EchoPingWorkload::stop() { stop_driven(runtime_, driver_, engine_); }

void EchoPingWorkload::fill_report(v1::WorkloadReport& report) const {
  report.set_finished(engine_.finished());
  *report.mutable_echo_ping() = report::make_echo_ping_report(engine_.summary());
}

}  // namespace udplab::workload
