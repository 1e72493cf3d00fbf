// The metrics of a sweep: every numeric field of every workload's result, named
// "WORKLOAD.FIELD" ("echo_ping@client.rtt.avg_ms"), read from a run's report, and the columns
// they make in a sweep's table, known from the scenario before anything runs.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sweep/grid.hpp"
#include "udplab/v1/report.pb.h"
#include "udplab/v1/scenario.pb.h"

namespace udplab::sweep {

// The metrics of one run, in report order (workloads in scenario order, fields in proto order).
std::vector<std::pair<std::string, double>> workload_metrics(const v1::SimulationReport& report);

// The names workload_metrics gives for every combination of the varied values (the names of
// workloads can vary), in grid order, each once. They depend on the scenario and the grid only,
// not on how runs end: every shard of a sweep, one with no runs or whose runs all failed
// included, writes the same columns, and a failed run's row has them empty.
std::vector<std::string> metric_columns(const v1::Scenario& base, const std::vector<Vary>& varies);

}  // namespace udplab::sweep
