// Runs a compiled scenario on a thread of its own for the agent, streaming trace records and
// workload events into the run's log and keeping its traces (within the trace limit).
#pragma once

#include <memory>
#include <optional>

#include "control/registry.hpp"
#include "scenario/plan.hpp"

namespace udplab::control {

void start_simulation_thread(const std::shared_ptr<Run>& run, scenario::Plan plan, std::optional<std::uint64_t> seed,
                             const Limits& limits);

}  // namespace udplab::control
