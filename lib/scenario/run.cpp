#include "scenario/run.hpp"

#include "report/echo_report.hpp"
#include "scenario/build.hpp"
#include "util/sha256.hpp"
#include "workload/echo_workloads.hpp"
#include "workload/tftp_workloads.hpp"

namespace udplab::scenario {
namespace {

std::unique_ptr<workload::Workload> make_tftp_server(const options::TftpServerSettings& plan, transport::Runtime& runtime) {
  auto store = std::make_shared<tftp::MemoryStore>(plan.store);
  for (const auto& f : plan.files) store->put(f.name, f.content);
  workload::TftpServerSetup setup;
  setup.bind = net::Endpoint{net::IpAddress::any(net::Family::v6), plan.port};
  setup.listener = plan.listener;
  setup.listener.broadcast_addresses = runtime.broadcast_addresses();
  setup.session = plan.session;
  auto server = std::make_unique<workload::TftpServerWorkload>(runtime, store, setup);
  server->on_report([store](v1::TftpServerReport& r) {
    for (const auto& [name, content] : store->files()) {
      auto* f = r.add_files();
      f->set_name(name);
      f->set_size(content->size());
      util::Sha256 h;
      h.update(*content);
      f->set_sha256(h.hex_digest());
    }
  });
  return server;
}

std::unique_ptr<workload::Workload> make_tftp_client(const options::TftpClientSettings& plan, transport::Runtime& runtime) {
  workload::TftpClientSetup setup;
  setup.config = plan.config;
  setup.hash = true;
  setup.expected_sha256 = plan.expected_sha256;
  if (plan.direction == tftp::Direction::read) {
    setup.local = "(memory)";
    return std::make_unique<workload::TftpClientWorkload>(runtime, setup, tftp::make_memory_writer([](auto) {}));
  }
  setup.local = "(generated, " + std::to_string(plan.upload->size()) + " bytes)";
  return std::make_unique<workload::TftpClientWorkload>(runtime, setup, tftp::make_memory_reader(plan.upload));
}

}  // namespace

std::unique_ptr<workload::Workload> make_workload(const WorkloadPlan& plan, transport::Runtime& runtime,
                                                  netsim::Rng& rng, const WorkloadEventHook& on_event) {
  if (auto w = make_engine_workload(plan, runtime, rng)) return w;
  if (const auto* s = std::get_if<options::EchoServerSettings>(&plan.engine)) {
    echo::ServerConfig config = s->config;
    config.broadcast_addresses = runtime.broadcast_addresses();
    // [::] with v6_only off serves IPv4 and IPv6, as `udplab echo serve` does by default.
    return std::make_unique<workload::EchoServerWorkload>(runtime, config,
                                                          net::Endpoint{net::IpAddress::any(net::Family::v6), s->port});
  }
  if (const auto* s = std::get_if<options::TftpServerSettings>(&plan.engine)) return make_tftp_server(*s, runtime);
  if (const auto* c = std::get_if<options::TftpClientSettings>(&plan.engine)) return make_tftp_client(*c, runtime);
  const auto& p = std::get<EchoPingPlan>(plan.engine);
  echo::PingConfig config = p.config;
  config.session = rng.next_u64();
  auto ping = std::make_unique<workload::EchoPingWorkload>(runtime, config);
  if (on_event)
    ping->on_event([on_event](const echo::PingEvent& e) {
      on_event(report::ping_event_kind(e), report::ping_event_json(e), report::render_ping_event(e));
    });
  return ping;
}

ScenarioRun::ScenarioRun(Plan plan, RunOptions options)
    : plan_(std::move(plan)), options_(std::move(options)), sim_(options_.seed.value_or(plan_.seed)) {
  if (options_.digest) {
    digest_.emplace(nullptr);
    sim_.trace().add_sink(*digest_);
  }
  for (auto* sink : options_.sinks) sim_.trace().add_sink(*sink);
  build_network(plan_, sim_);
  entries_.reserve(plan_.workloads.size());
  for (const auto& w : plan_.workloads) entries_.push_back(Entry{&w, nullptr, std::nullopt});
}

ScenarioRun::~ScenarioRun() {
  // Workloads hold sockets and timers of the simulator: end them first.
  for (auto& e : entries_) e.workload.reset();
}

bool ScenarioRun::all_finished() const {
  bool any_finite = false;
  for (const auto& e : entries_) {
    if (!e.started) return false;
    if (e.error || !e.workload->finite()) continue;
    any_finite = true;
    if (!e.workload->finished()) return false;
  }
  return any_finite;
}

void ScenarioRun::run() {
  for (std::size_t i = 0; i < plan_.timeline.size(); ++i)
    sim_.events().schedule(Time{plan_.timeline[i].at}, [this, i] { apply_timeline(plan_.timeline[i], i, sim_); });
  for (auto& e : entries_) {
    sim_.events().schedule(Time{e.plan->start}, [this, &e] {
      auto rng = sim_.stream("workload/" + e.plan->name);
      WorkloadEventHook hook;
      if (options_.on_workload_event)
        hook = [this, &e](const std::string& kind, const std::string& json, const std::string& text) {
          options_.on_workload_event(e.plan->name, kind, json, text);
        };
      e.workload = make_workload(*e.plan, sim_.runtime(e.plan->host), rng, hook);
      e.error = e.workload->start();
      e.started = true;
    });
  }
  const Time limit{plan_.duration};
  const Duration step = plan_.duration / 100 > Duration::zero() ? plan_.duration / 100 : plan_.duration;
  Time next_progress = Time{} + step;
  std::uint64_t steps = 0;
  while (!all_finished()) {
    if (options_.should_stop && (++steps & 4095) == 0 && options_.should_stop()) {
      stopped_early_ = true;
      break;
    }
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
  sim_.network().expire_all_reassemblies();
}

v1::SimulationReport ScenarioRun::report() {
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
      // A workload that could not start (its bind failed) did not finish, though its engine,
      // stopped without having run, says it ended.
      w->set_finished(!e.error && e.workload->finite() && e.workload->finished());
    }
  }
  std::uint64_t dropped = sim_.network().stats().frames_dropped;
  for (const auto& iface : sim_.network().interfaces())
    for (const auto* pipe : {iface.egress.get(), iface.ingress.get()}) {
      const auto& st = pipe->stats();
      dropped += st.dropped;
      if (!pipe->impaired() && st.dropped == 0) continue;  // nothing to say about a plain direction
      auto* ls = r.add_links();
      ls->set_name(pipe->name());
      ls->set_entered(st.entered);
      ls->set_dropped(st.dropped);
      ls->set_duplicated(st.duplicated);
      ls->set_corrupted(st.corrupted);
      ls->set_queued(st.queued);
    }
  r.set_datagrams_sent(sim_.network().stats().datagrams_sent);
  r.set_datagrams_delivered(sim_.network().stats().datagrams_delivered);
  r.set_datagrams_dropped(dropped);
  if (digest_) {
    r.set_trace_events(digest_->lines());
    r.set_trace_sha256(digest_->hex_digest());
  }
  r.set_simulator_events(sim_.events().executed());
  return r;
}

}  // namespace udplab::scenario
