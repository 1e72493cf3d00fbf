// Helpers shared by the live runs (live_runs.cpp, live_tftp.cpp): errors, log lines, the loop.
#pragma once

#include <chrono>
#include <expected>
#include <string>

#include "control/registry.hpp"
#include "live/live_runtime.hpp"

namespace udplab::control::detail {

inline std::unexpected<ControlError> error(ControlError::Code code, std::string message) {
  return std::unexpected(ControlError{code, std::move(message)});
}

inline void append_message(Run& run, std::string text) {
  v1::RunEvent e;
  e.set_time_s(run.elapsed_s());
  e.set_message(std::move(text));
  run.log().append(std::move(e));
}

inline void append_workload_event(Run& run, const std::string& workload, std::string kind, std::string json, std::string text) {
  v1::RunEvent event;
  event.set_time_s(run.elapsed_s());
  auto* w = event.mutable_workload();
  w->set_workload(workload);
  w->set_kind(std::move(kind));
  w->set_json(std::move(json));
  w->set_text(std::move(text));
  run.log().append(std::move(event));
}

// Runs the loop in short slices so that cancellation and the deadline are noticed promptly.
template <class Done>
void run_loop(live::LiveRuntime& rt, Run& run, Duration limit, Done done) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done() && !run.cancel_requested() && std::chrono::steady_clock::now() < deadline)
    rt.run_for(std::chrono::milliseconds(100));
}

}  // namespace udplab::control::detail
