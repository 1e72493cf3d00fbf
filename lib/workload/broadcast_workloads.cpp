#include "workload/broadcast_workloads.hpp"

#include "report/broadcast_report.hpp"

namespace udplab::workload {
namespace {

// Binds, wraps the socket in a driver for `engine` and starts it; the driver stops itself and
// tells the workload when a finite engine finishes.
template <class E, class Handler>
std::optional<std::string> start_driver(transport::Runtime& runtime, const net::Endpoint& bind,
                                        const transport::BindOptions& options, E& engine,
                                        std::unique_ptr<transport::Driver<E>>& driver, const Handler& on_event,
                                        std::function<void()> on_finished, net::Endpoint* local = nullptr) {
  auto socket = runtime.bind(bind, options);
  if (!socket) return bind_error(bind.to_string(), socket.error());
  if (local) *local = (*socket)->local_endpoint();
  driver = std::make_unique<transport::Driver<E>>(runtime, std::move(*socket), engine);
  if (on_event) driver->on_event(on_event);
  driver->on_finished([d = driver.get(), done = std::move(on_finished)] {
    d->stop();
    done();
  });
  driver->start();
  return std::nullopt;
}

}  // namespace

BroadcastSendWorkload::BroadcastSendWorkload(transport::Runtime& runtime, broadcast::SendConfig config, net::Endpoint bind)
    : runtime_(runtime), engine_(std::move(config)), bind_(bind) {}

std::optional<std::string> BroadcastSendWorkload::start() {
  return start_driver(runtime_, bind_, {.broadcast = true}, engine_, driver_, on_event_, [this] { notify_finished(); });
}

void BroadcastSendWorkload::stop() {
  engine_.stop(runtime_.now());
  if (driver_) driver_->stop();
}

void BroadcastSendWorkload::fill_report(v1::WorkloadReport& report) const {
  report.set_finished(engine_.finished());
  *report.mutable_broadcast_send() = report::make_broadcast_send_report(engine_.config(), engine_.stats());
}

BroadcastListenWorkload::BroadcastListenWorkload(transport::Runtime& runtime, broadcast::ListenConfig config,
                                                 net::Endpoint bind)
    : runtime_(runtime), config_(config), engine_(config), bind_(bind) {}

std::optional<std::string> BroadcastListenWorkload::start() {
  engine_.set_events_enabled(on_event_ != nullptr);
  return start_driver(runtime_, bind_, {.reuse_address = true}, engine_, driver_, on_event_,
                      [this] { notify_finished(); }, &local_);
}

void BroadcastListenWorkload::stop() {
  engine_.stop(runtime_.now());
  if (driver_) driver_->stop();
}

void BroadcastListenWorkload::fill_report(v1::WorkloadReport& report) const {
  report.set_finished(engine_.finished());
  *report.mutable_broadcast_listen() = report::make_broadcast_listen_report(engine_.stats(), local_.to_string());
}

DiscoverWorkload::DiscoverWorkload(transport::Runtime& runtime, discovery::DiscoverConfig config, net::Endpoint bind)
    : runtime_(runtime), engine_(std::move(config)), bind_(bind) {}

std::optional<std::string> DiscoverWorkload::start() {
  return start_driver(runtime_, bind_, {.broadcast = true}, engine_, driver_, on_event_, [this] { notify_finished(); });
}

void DiscoverWorkload::stop() {
  engine_.stop(runtime_.now());
  if (driver_) driver_->stop();
}

void DiscoverWorkload::fill_report(v1::WorkloadReport& report) const {
  report.set_finished(engine_.finished());
  *report.mutable_discover() = report::make_discover_report(engine_.summary());
}

}  // namespace udplab::workload
