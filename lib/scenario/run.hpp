// ScenarioRun: executes one scenario in the simulator and produces its report.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "netsim/simulator.hpp"
#include "netsim/trace_jsonl.hpp"
#include "scenario/plan.hpp"
#include "udplab/v1/report.pb.h"
#include "workload/workload.hpp"

namespace udplab::scenario {

struct RunOptions {
  std::optional<std::uint64_t> seed;  // overrides the scenario's
  // Extra trace sinks (a JSON Lines file, a pcap writer); they must outlive the run.
  std::vector<netsim::TraceSink*> sinks;
  // Fingerprint the trace (SHA-256 of its JSON Lines) for the report. Costs time per event.
  bool digest = true;
  // Called now and then with the virtual time reached and the time limit.
  std::function<void(Time reached, Time limit)> progress;
  // Polled every few thousand events; returning true ends the run early (cancelled).
  std::function<bool()> should_stop;
  // Receives what workloads report as it happens (the CLI's --json-lines object and human line).
  std::function<void(const std::string& workload, const std::string& kind, const std::string& json,
                     const std::string& text)>
      on_workload_event;
};

class ScenarioRun {
 public:
  ScenarioRun(Plan plan, RunOptions options = {});
  ~ScenarioRun();

  // Runs to the time limit, or until every finite workload has finished.
  void run();
  // True when should_stop ended the run early.
  bool stopped_early() const { return stopped_early_; }
  v1::SimulationReport report();
  netsim::Simulator& simulator() { return sim_; }
  const Plan& plan() const { return plan_; }

 private:
  struct Entry {
    const WorkloadPlan* plan;
    std::unique_ptr<workload::Workload> workload;
    std::optional<std::string> error;
    bool started = false;
  };
  bool all_finished() const;

  Plan plan_;
  RunOptions options_;
  netsim::Simulator sim_;
  std::optional<netsim::JsonlTraceWriter> digest_;
  std::vector<Entry> entries_;
  bool stopped_early_ = false;
};

// Builds the workload for `plan` on `runtime`; `rng` supplies session identifiers and the like.
// `on_event`, if set, receives the workload's events (kind, JSON object, human line).
using WorkloadEventHook = std::function<void(const std::string& kind, const std::string& json, const std::string& text)>;
std::unique_ptr<workload::Workload> make_workload(const WorkloadPlan& plan, transport::Runtime& runtime,
                                                  netsim::Rng& rng, const WorkloadEventHook& on_event = {});

}  // namespace udplab::scenario
