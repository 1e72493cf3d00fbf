// Workload: one engine running on one runtime, with its socket, its driver and its report.
//
// The same classes serve `udplab sim` (on a simulated host), the CLI (on the live runtime) and the
// control plane, so a run reports the same message wherever it ran.
#pragma once

#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include "transport/driver.hpp"
#include "transport/runtime.hpp"
#include "udplab/v1/report.pb.h"

namespace udplab::workload {

class Workload {
 public:
  virtual ~Workload() = default;
  // Binds and starts; returns a one-line error when that is impossible (port taken, ...).
  virtual std::optional<std::string> start() = 0;
  // A finite workload (a client) ends by itself; a server runs until stopped.
  virtual bool finite() const = 0;
  virtual bool finished() const = 0;
  virtual void stop() = 0;
  virtual void fill_report(v1::WorkloadReport& report) const = 0;
  // Called once when a finite workload finishes.
  void on_finished(std::function<void()> fn) { on_finished_ = std::move(fn); }

 protected:
  void notify_finished() {
    if (on_finished_) on_finished_();
  }

  // Every workload runs each of its engines through these two, so that all start and end the same
  // way.
  //
  // Runs `engine` on `socket` and returns its driver, started: the engine's events go to
  // `on_event` (if set). When the engine finishes, `on_finished` runs if given (a TFTP server's
  // session); otherwise the driver stops and the workload reports itself finished.
  template <class E>
  std::unique_ptr<transport::Driver<E>> drive(transport::Runtime& runtime, std::unique_ptr<transport::Socket> socket,
                                              E& engine, const typename transport::Driver<E>::EventHandler& on_event,
                                              std::function<void()> on_finished = {}) {
    auto driver = std::make_unique<transport::Driver<E>>(runtime, std::move(socket), engine);
    if (on_event) driver->on_event(on_event);
    if (on_finished)
      driver->on_finished(std::move(on_finished));
    else
      driver->on_finished([this, d = driver.get()] {
        d->stop();
        notify_finished();
      });
    driver->start();
    return driver;
  }

  // Ends `engine`'s run through its driver (Driver::stop), so that what its stop command queues is
  // sent and its last events emitted; a client that stops this way also reports itself finished.
  // An engine that never ran (its socket could not be opened) has nothing to send: it is stopped
  // directly, so that its report says it ended.
  template <class E>
  static void stop_driven(transport::Runtime& runtime, std::unique_ptr<transport::Driver<E>>& driver, E& engine) {
    if (driver)
      driver->stop();
    else if constexpr (transport::Stoppable<E>)
      if (!engine.finished()) engine.stop(runtime.now());
  }

 private:
  std::function<void()> on_finished_;
};

// "cannot bind 10.0.0.1:7: address already in use (another program uses this port; ...)"
std::string bind_error(const std::string& endpoint, std::error_code ec);

// A workload's socket: bound to `bind` and, when `peer` is given (a client's), connected to it (so
// that "nothing listens there" arrives as "connection refused" rather than as silence). The error
// is one line.
std::expected<std::unique_ptr<transport::Socket>, std::string> open_socket(
    transport::Runtime& runtime, const net::Endpoint& bind, const std::optional<net::Endpoint>& peer,
    const transport::BindOptions& options = {});

}  // namespace udplab::workload
