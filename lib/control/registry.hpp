// RunRegistry: the agent's runs, the limits that protect the host, and starting runs on threads of
// their own. Free of gRPC: the service translates its errors into status codes.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "control/run.hpp"
#include "transport/time.hpp"

namespace udplab::control {

struct Limits {
  unsigned max_concurrent_runs = 4;
  Duration max_run_duration = std::chrono::minutes(10);  // virtual time of simulations, wall time of live runs
  // Per run: events, JSON Lines and pcapng together. Every shipped scenario fits with room to
  // spare (fragmentation-loss, the largest, holds about 70 MB: its pcapng keeps each fragment).
  std::size_t max_trace_bytes = std::size_t{128} << 20;
  unsigned max_kept_runs = 100;                          // finished runs kept for their reports
};

struct ControlError {
  enum class Code { invalid_argument, resource_exhausted, not_found, failed_precondition, permission_denied };
  Code code;
  std::string message;
};

class RunRegistry {
 public:
  // `tftp_root`: the directory live TFTP runs may read and write (empty: TFTP runs are refused).
  explicit RunRegistry(Limits limits, std::filesystem::path tftp_root = {})
      : limits_(limits), tftp_root_(std::move(tftp_root)) {}
  ~RunRegistry() { shutdown(); }
  RunRegistry(const RunRegistry&) = delete;
  RunRegistry& operator=(const RunRegistry&) = delete;

  std::expected<v1::RunInfo, ControlError> start_simulation(const v1::StartSimulationRequest& request);
  std::expected<v1::RunInfo, ControlError> start_live(const v1::StartLiveRequest& request);

  std::shared_ptr<Run> find(const std::string& id) const;
  std::vector<v1::RunInfo> list() const;  // newest first
  unsigned running() const;
  const Limits& limits() const { return limits_; }
  bool tftp_allowed() const { return !tftp_root_.empty(); }
  // Cancels every run and waits for their threads.
  void shutdown();

 private:
  // Checks the concurrency limit, forgets the oldest finished runs, and registers a new run.
  std::expected<std::shared_ptr<Run>, ControlError> admit(v1::RunKind kind, const std::string& description);

  Limits limits_;
  std::filesystem::path tftp_root_;
  mutable std::mutex mutex_;
  std::map<std::uint64_t, std::shared_ptr<Run>> runs_;  // by creation number
  std::uint64_t next_number_ = 1;
  bool shut_down_ = false;
};

}  // namespace udplab::control
