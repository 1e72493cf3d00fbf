// Workload: one engine running on one runtime, with its socket, its driver and its report.
//
// The same classes serve `udplab sim` (on a simulated host), the CLI (on the live runtime) and the
// control plane, so a run reports the same message wherever it ran.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <system_error>

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

 private:
  std::function<void()> on_finished_;
};

// "cannot bind 10.0.0.1:7: address already in use (another program uses this port; ...)"
std::string bind_error(const std::string& endpoint, std::error_code ec);

}  // namespace udplab::workload
