// Runs a sweep's grid points on worker threads (each a whole simulation of its own) and collects
// their metrics into a table whose rows are in grid order, whatever order the runs finished in.
#pragma once

#include <functional>

#include "sweep/grid.hpp"
#include "sweep/table.hpp"
#include "udplab/v1/report.pb.h"
#include "udplab/v1/scenario.pb.h"

namespace udplab::sweep {

struct SweepOptions {
  v1::Scenario scenario;
  std::vector<Vary> varies;
  unsigned seeds = 1;
  unsigned jobs = 1;
  Shard shard;
  std::function<void(std::size_t done, std::size_t total)> progress;  // from the calling thread
};

// Every numeric field of every workload's result, named "WORKLOAD.FIELD" ("echo_ping@client.rtt.avg_ms").
std::vector<std::pair<std::string, double>> workload_metrics(const v1::SimulationReport& report);

// Runs the shard's grid. A point whose scenario does not compile or whose workloads fail gets an
// "error" column with the reason and empty metrics.
std::expected<Table, std::string> run_sweep(const SweepOptions& options);

}  // namespace udplab::sweep
