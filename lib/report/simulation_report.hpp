// The readable report `udplab sim` prints.
#pragma once

#include <string>

#include "udplab/v1/report.pb.h"

namespace udplab::report {

std::string render_simulation(const v1::SimulationReport& r);
std::string render_workload(const v1::WorkloadReport& w);

}  // namespace udplab::report
