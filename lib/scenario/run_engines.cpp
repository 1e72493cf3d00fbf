// Starting the request, broadcast, discovery and chat workloads on a simulated host. Whatever is
// random in them (jitter, session numbers) comes from the workload's own stream.
#include "scenario/run.hpp"
#include "workload/broadcast_workloads.hpp"
#include "workload/chat_workloads.hpp"
#include "workload/request_workload.hpp"

namespace udplab::scenario {

std::unique_ptr<workload::Workload> make_engine_workload(const WorkloadPlan& plan, transport::Runtime& runtime,
                                                         netsim::Rng& rng) {
  if (const auto* r = std::get_if<RequestPlan>(&plan.engine))
    return std::make_unique<workload::RequestWorkload>(runtime, r->config, [stream = rng]() mutable { return stream.next_u64(); });
  if (const auto* b = std::get_if<options::BroadcastSendSettings>(&plan.engine)) {
    auto config = b->config;
    config.targets = b->targets.endpoints(runtime.broadcast_addresses());
    return std::make_unique<workload::BroadcastSendWorkload>(runtime, std::move(config));
  }
  if (const auto* l = std::get_if<options::BroadcastListenSettings>(&plan.engine))
    return std::make_unique<workload::BroadcastListenWorkload>(runtime, l->config, net::Endpoint{{}, l->port});
  if (const auto* d = std::get_if<options::DiscoverSettings>(&plan.engine)) {
    auto config = d->config;
    config.targets = d->targets.endpoints(runtime.broadcast_addresses());
    config.nonce = rng.next_u64();
    return std::make_unique<workload::DiscoverWorkload>(runtime, std::move(config));
  }
  if (const auto* r = std::get_if<options::ChatRoomSettings>(&plan.engine)) {
    auto config = r->config;
    config.broadcast_addresses = runtime.broadcast_addresses();
    return std::make_unique<workload::ChatRoomWorkload>(runtime, std::move(config), net::Endpoint{{}, r->port});
  }
  if (const auto* c = std::get_if<options::ChatClientSettings>(&plan.engine)) {
    auto config = c->config;
    config.session = rng.next_u64();
    auto client = std::make_unique<workload::ChatClientWorkload>(runtime, std::move(config),
                                                                 workload::ChatClientOptions{.bind = {{}, c->port}});
    for (const auto& step : c->steps) client->enqueue(step);  // queued until it starts
    client->end_input();
    return client;
  }
  return nullptr;
}

}  // namespace udplab::scenario
