// Starting the request, broadcast, discovery and chat workloads on a simulated host. Whatever is
// random in them (jitter, session numbers) comes from the workload's own stream.
#include "scenario/run.hpp"
#include "workload/request_workload.hpp"

namespace udplab::scenario {

std::unique_ptr<workload::Workload> make_engine_workload(const WorkloadPlan& plan, transport::Runtime& runtime,
                                                         netsim::Rng& rng) {
  if (const auto* r = std::get_if<RequestPlan>(&plan.engine))
    return std::make_unique<workload::RequestWorkload>(runtime, r->config, [stream = rng]() mutable { return stream.next_u64(); });
  return nullptr;
}

}  // namespace udplab::scenario
