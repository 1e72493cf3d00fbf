// Runs a sweep's grid points on worker threads (each a whole simulation of its own) and collects
// their metrics into a table whose rows are in grid order, whatever order the runs finished in.
#pragma once

#include <functional>

#include "sweep/grid.hpp"
#include "sweep/table.hpp"
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

// Runs the shard's grid. The metric columns are metric_columns(scenario, varies) (the same in
// every shard); a run whose scenario does not compile or whose workloads fail has the reason in
// the "error" column and empty cells for the metrics it did not report.
std::expected<Table, std::string> run_sweep(const SweepOptions& options);

}  // namespace udplab::sweep
