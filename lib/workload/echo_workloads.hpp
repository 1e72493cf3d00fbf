// Echo server and echo ping as workloads.
#pragma once

#include <memory>

#include "echo/echo_ping.hpp"
#include "echo/echo_server.hpp"
#include "transport/driver.hpp"
#include "workload/workload.hpp"

namespace udplab::workload {

class EchoServerWorkload final : public Workload {
 public:
  EchoServerWorkload(transport::Runtime& runtime, echo::ServerConfig config, net::Endpoint bind,
                     transport::BindOptions options = {});
  void on_event(std::function<void(const echo::ServerEvent&)> fn) { on_event_ = std::move(fn); }
  // Counters only: no events (for flood load).
  void set_quiet(bool quiet) { quiet_ = quiet; }

  std::optional<std::string> start() override;
  bool finite() const override { return false; }
  bool finished() const override { return false; }
  void stop() override;
  void fill_report(v1::WorkloadReport& report) const override;
  net::Endpoint local_endpoint() const { return local_; }
  const echo::ServerStats& stats() const { return engine_.stats(); }

 private:
  transport::Runtime& runtime_;
  echo::EchoServer engine_;
  net::Endpoint bind_;
  transport::BindOptions options_;
  net::Endpoint local_;
  bool quiet_ = false;
  std::unique_ptr<transport::Driver<echo::EchoServer>> driver_;
  std::function<void(const echo::ServerEvent&)> on_event_;
};

class EchoPingWorkload final : public Workload {
 public:
  EchoPingWorkload(transport::Runtime& runtime, echo::PingConfig config, net::Endpoint bind = {});
  void on_event(std::function<void(const echo::PingEvent&)> fn) { on_event_ = std::move(fn); }

  std::optional<std::string> start() override;
  bool finite() const override { return true; }
  bool finished() const override { return engine_.finished(); }
  void stop() override;
  void fill_report(v1::WorkloadReport& report) const override;
  echo::PingSummary summary() const { return engine_.summary(); }

 private:
  transport::Runtime& runtime_;
  echo::EchoPing engine_;
  net::Endpoint bind_;
  std::unique_ptr<transport::Driver<echo::EchoPing>> driver_;
  std::function<void(const echo::PingEvent&)> on_event_;
};

}  // namespace udplab::workload
