#include "scenario/run.hpp"

#include <sstream>

#include "netsim/trace_jsonl.hpp"
#include "scenario/build.hpp"
#include "util/sha256.hpp"
#include "workload/echo_workloads.hpp"

namespace udplab::scenario {

std::unique_ptr<workload::Workload> make_workload(const WorkloadPlan& plan, transport::Runtime& runtime,
                                                  netsim::Rng& rng) {
  if (const auto* s = std::get_if<EchoServerPlan>(&plan.engine)) {
    echo::ServerConfig config = s->config;
    config.broadcast_addresses = runtime.broadcast_addresses();
    return std::make_unique<workload::EchoServerWorkload>(runtime, config, net::Endpoint{{}, s->port});
  }
  const auto& p = std::get<EchoPingPlan>(plan.engine);
  echo::PingConfig config = p.config;
  config.session = rng.next_u64();
  return std::make_unique<workload::EchoPingWorkload>(runtime, config);
}

ScenarioRun::ScenarioRun(Plan plan, RunOptions options)
    : plan_(std::move(plan)), options_(std::move(options)), sim_(options_.seed.value_or(plan_.seed)) {
  sim_.trace().keep_payloads(options_.keep_payloads);
  build_network(plan_, sim_);
  entries_.reserve(plan_.workloads.size());
  for (const auto& w : plan_.workloads) entries_.push_back(Entry{&w, nullptr, std::nullopt});
}

ScenarioRun::~ScenarioRun() {
  // Workloads hold sockets of the simulator: end them first.
  for (auto& e : entries_) e.workload.reset();
}

void ScenarioRun::run() {
  for (auto& e : entries_) {
    sim_.events().schedule(Time{e.plan->start}, [this, &e] {
      auto rng = sim_.stream("workload/" + e.plan->name);
      e.workload = make_workload(*e.plan, sim_.runtime(e.plan->host), rng);
      e.error = e.workload->start();
      e.started = true;
    });
  }
  const Time limit{plan_.duration};
  auto all_done = [&] {
    bool any_finite = false;
    for (auto& e : entries_) {
      if (!e.started) return false;
      if (e.error || !e.workload->finite()) continue;
      any_finite = true;
      if (!e.workload->finished()) return false;
    }
    return any_finite;
  };
  const Duration step = plan_.duration / 100 > Duration::zero() ? plan_.duration / 100 : plan_.duration;
  Time next_progress = Time{} + step;
  while (!all_done()) {
    auto next = sim_.events().next_time();
    if (!next || *next > limit) {
      sim_.run_until(limit);
      break;
    }
    sim_.events().step();
    if (options_.progress && sim_.now() >= next_progress) {
      options_.progress(sim_.now(), limit);
      next_progress = sim_.now() + step;
    }
  }
  for (auto& e : entries_)
    if (e.workload) e.workload->stop();
}

v1::SimulationReport ScenarioRun::report() const {
  v1::SimulationReport r;
  r.set_scenario(plan_.name);
  r.set_description(plan_.description);
  r.set_seed(sim_.seed());
  r.set_virtual_time_s(static_cast<double>(to_ns(sim_.now())) / 1e9);
  for (const auto& e : entries_) {
    auto* w = r.add_workloads();
    w->set_name(e.plan->name);
    w->set_host(e.plan->host);
    if (e.error) w->set_error(*e.error);
    if (e.workload) {
      e.workload->fill_report(*w);
      w->set_finished(e.workload->finite() ? e.workload->finished() : false);
    }
  }
  for (const auto& seg : sim_.network().segments())
    for (auto* m : seg.members())
      for (const auto* pipe : {m->egress.get(), m->ingress.get()}) {
        if (pipe->empty()) continue;  // no impairments: nothing to report
        auto* ls = r.add_links();
        ls->set_name(pipe->name());
        ls->set_entered(pipe->stats().entered);
        ls->set_dropped(pipe->stats().dropped);
        ls->set_duplicated(pipe->stats().duplicated);
        ls->set_corrupted(pipe->stats().corrupted);
      }
  std::uint64_t sent = 0, delivered = 0, dropped = 0;
  util::Sha256 digest;
  for (const auto& ev : sim_.trace().events()) {
    digest.update(netsim::to_json_line(ev));
    digest.update("\n");
    if (ev.packet_kind != netsim::PacketKind::udp) continue;
    if (ev.kind == netsim::TraceKind::sent) ++sent;
    if (ev.kind == netsim::TraceKind::delivered) ++delivered;
    if (ev.kind == netsim::TraceKind::dropped) ++dropped;
  }
  r.set_datagrams_sent(sent);
  r.set_datagrams_delivered(delivered);
  r.set_datagrams_dropped(dropped);
  r.set_trace_sha256(digest.hex_digest());
  return r;
}

}  // namespace udplab::scenario
