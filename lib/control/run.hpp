// Run: one simulated or live run owned by the agent: its state, its events, its report and (for
// simulations) its trace. The run's own thread writes; the service's threads read.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "control/event_log.hpp"
#include "udplab/v1/control.pb.h"

namespace udplab::control {

class Run {
 public:
  Run(std::string id, v1::RunKind kind, std::string description);
  ~Run();
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  const std::string& id() const { return id_; }
  v1::RunInfo info() const;
  bool running() const;
  EventLog& log() { return log_; }

  // Asks the run to stop; it notices at its next check.
  void request_cancel() { cancel_.store(true); }
  bool cancel_requested() const { return cancel_.load(); }

  // Called once by the run's thread when it ends: records the report and the final state, appends
  // the state event and closes the log.
  void finish(v1::RunState state, std::string error, v1::RunReport report);
  std::optional<v1::RunReport> report() const;

  // Simulation traces, kept in memory up to the agent's limit.
  void set_traces(std::string jsonl, std::string pcapng, bool overflowed);
  enum class TraceStatus { ready, running, overflowed, none };
  TraceStatus trace(v1::TraceFormat format, std::string& out) const;

  // Seconds since the run started (for live events).
  double elapsed_s() const;
  void start(std::thread worker) { worker_ = std::move(worker); }
  void join();

 private:
  const std::string id_;
  mutable std::mutex mutex_;
  v1::RunInfo info_;
  std::optional<v1::RunReport> report_;
  std::string jsonl_, pcapng_;
  bool has_traces_ = false;
  bool traces_overflowed_ = false;
  std::atomic<bool> cancel_{false};
  EventLog log_;
  std::thread worker_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

double unix_now_s();

}  // namespace udplab::control
