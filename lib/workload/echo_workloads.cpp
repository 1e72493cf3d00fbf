#include "workload/echo_workloads.hpp"

#include <cctype>

#include "report/echo_report.hpp"

namespace udplab::workload {

std::string bind_error(const std::string& endpoint, std::error_code ec) {
  std::string why = ec.message();
  if (!why.empty()) why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
  std::string msg = "cannot bind " + endpoint + ": " + why;
  if (ec == std::errc::permission_denied) msg += " (ports below 1024 need root or CAP_NET_BIND_SERVICE)";
  if (ec == std::errc::address_in_use) msg += " (another program uses this port; pick another with --port)";
  if (ec == std::errc::address_not_available) msg += " (this host has no such address)";
  return msg;
}

EchoServerWorkload::EchoServerWorkload(transport::Runtime& runtime, echo::ServerConfig config, net::Endpoint bind,
                                       transport::BindOptions options)
    : runtime_(runtime), engine_(std::move(config)), bind_(bind), options_(options) {}

std::optional<std::string> EchoServerWorkload::start() {
  auto socket = runtime_.bind(bind_, options_);
  if (!socket) return bind_error(bind_.to_string(), socket.error());
  local_ = (*socket)->local_endpoint();
  engine_.set_events_enabled(!quiet_ && on_event_ != nullptr);
  driver_ = std::make_unique<transport::Driver<echo::EchoServer>>(runtime_, std::move(*socket), engine_);
  if (on_event_) driver_->on_event(on_event_);
  driver_->start();
  return std::nullopt;
}

void EchoServerWorkload::stop() {
  if (driver_) driver_->stop();
}

void EchoServerWorkload::fill_report(v1::WorkloadReport& report) const {
  *report.mutable_echo_server() = report::make_echo_server_report(engine_.stats(), local_.to_string());
}

EchoPingWorkload::EchoPingWorkload(transport::Runtime& runtime, echo::PingConfig config, net::Endpoint bind)
    : runtime_(runtime), engine_(std::move(config)), bind_(bind) {
  if (bind_.address.is_unspecified() && engine_.config().target.address.is_v6())
    bind_.address = net::IpAddress::any(net::Family::v6);
}

std::optional<std::string> EchoPingWorkload::start() {
  auto socket = runtime_.bind(bind_);
  if (!socket) return bind_error(bind_.to_string(), socket.error());
  // Connected, so that "nothing listens there" arrives as an error rather than as silence.
  if (auto ec = (*socket)->connect(engine_.config().target))
    return "cannot reach " + engine_.config().target.to_string() + ": " + ec.message();
  engine_.set_events_enabled(on_event_ != nullptr);
  driver_ = std::make_unique<transport::Driver<echo::EchoPing>>(runtime_, std::move(*socket), engine_);
  if (on_event_) driver_->on_event(on_event_);
  driver_->on_finished([this] {
    driver_->stop();
    notify_finished();
  });
  driver_->start();
  return std::nullopt;
}

void EchoPingWorkload::stop() {
  if (!engine_.finished()) engine_.stop(runtime_.now());
  if (driver_) driver_->stop();
}

void EchoPingWorkload::fill_report(v1::WorkloadReport& report) const {
  report.set_finished(engine_.finished());
  *report.mutable_echo_ping() = report::make_echo_ping_report(engine_.summary());
}

}  // namespace udplab::workload
