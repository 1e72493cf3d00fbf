#include "control/simulation_run.hpp"

#include <sstream>

#include "netsim/pcap_writer.hpp"
#include "netsim/trace_jsonl.hpp"
#include "scenario/run.hpp"

namespace udplab::control {
namespace {

v1::TraceRecord to_record(const netsim::TraceEvent& e) {
  v1::TraceRecord r;
  const netsim::Packet& p = *e.packet;
  r.set_event(std::string(netsim::to_string(e.kind)));
  r.set_packet(p.id);
  r.set_copy(p.copy);
  r.set_proto(p.kind == netsim::PacketKind::icmp_port_unreachable ? "icmp" : "udp");
  r.set_where(std::string(e.where));
  r.set_src(p.src.to_string());
  r.set_dst(p.dst.to_string());
  r.set_bytes(p.payload_size);
  if (e.reason != netsim::DropReason::none) r.set_reason(std::string(netsim::to_string(e.reason)));
  if (p.is_fragment()) {
    r.set_fragment(p.frag_index);
    r.set_fragments(p.frag_count);
  }
  return r;
}

// Sends each trace event to the run's log, the JSON Lines text and the capture, and stops the run
// when all three together outgrow the limit.
class RunTraceSink final : public netsim::TraceSink {
 public:
  RunTraceSink(Run& run, std::size_t limit, const netsim::Network& network)
      : run_(run), limit_(limit), jsonl_(&jsonl_text_), pcap_(pcap_bytes_, network) {}

  void record(const netsim::TraceEvent& e) override {
    if (overflowed_) return;
    v1::RunEvent event;
    event.set_time_s(static_cast<double>(to_ns(e.at)) / 1e9);
    *event.mutable_trace() = to_record(e);
    run_.log().append(std::move(event));
    jsonl_.record(e);
    pcap_.record(e);
    if (++count_ % 256 == 0 && size() > limit_) {
      overflowed_ = true;
      run_.request_cancel();
    }
  }
  bool overflowed() const { return overflowed_; }
  std::size_t size() {
    return run_.log().bytes() + static_cast<std::size_t>(jsonl_text_.tellp()) + static_cast<std::size_t>(pcap_bytes_.tellp());
  }
  std::string jsonl() const { return jsonl_text_.str(); }
  std::string pcapng() const { return pcap_bytes_.str(); }

 private:
  Run& run_;
  std::size_t limit_;
  std::ostringstream jsonl_text_;
  std::ostringstream pcap_bytes_;
  netsim::JsonlTraceWriter jsonl_;
  netsim::PcapWriter pcap_;
  std::uint64_t count_ = 0;
  bool overflowed_ = false;
};

}  // namespace

void start_simulation_thread(const std::shared_ptr<Run>& shared, scenario::Plan plan, std::optional<std::uint64_t> seed,
                             const Limits& limits) {
  // The thread holds a plain pointer: the Run joins this thread before it is destroyed.
  Run* run = shared.get();
  run->start(std::thread([run, plan = std::move(plan), seed, limits]() mutable {
    const auto wall_start = std::chrono::steady_clock::now();
    scenario::RunOptions options;
    options.seed = seed;
    options.digest = true;
    options.should_stop = [&] {
      return run->cancel_requested() || std::chrono::steady_clock::now() - wall_start > limits.max_run_duration;
    };
    scenario::ScenarioRun* sim_ptr = nullptr;
    options.on_workload_event = [&](const std::string& workload, const std::string& kind, const std::string& json,
                                    const std::string& text) {
      v1::RunEvent e;
      e.set_time_s(static_cast<double>(to_ns(sim_ptr->simulator().now())) / 1e9);
      auto* w = e.mutable_workload();
      w->set_workload(workload);
      w->set_kind(kind);
      w->set_json(json);
      w->set_text(text);
      run->log().append(std::move(e));
    };
    scenario::ScenarioRun sim(std::move(plan), options);
    sim_ptr = &sim;
    RunTraceSink sink(*run, limits.max_trace_bytes, sim.simulator().network());
    sim.simulator().trace().add_sink(sink);
    sim.run();
    sim.simulator().trace().remove_sink(sink);

    v1::RunReport report;
    *report.mutable_simulation() = sim.report();
    run->set_traces(sink.jsonl(), sink.pcapng(), sink.overflowed());
    if (sink.overflowed()) {
      run->finish(v1::FAILED,
                  "RESOURCE_EXHAUSTED: the trace outgrew the agent's limit of " + std::to_string(limits.max_trace_bytes) +
                      " bytes (--max-trace-bytes); the run was stopped",
                  std::move(report));
    } else if (sim.stopped_early()) {
      const bool too_long = !run->cancel_requested();
      run->finish(too_long ? v1::FAILED : v1::CANCELLED,
                  too_long ? "RESOURCE_EXHAUSTED: the run took longer than the agent allows (--max-run-duration)" : "cancelled",
                  std::move(report));
    } else {
      std::string error;
      for (const auto& w : report.simulation().workloads())
        if (!w.error().empty()) error = w.name() + ": " + w.error();
      run->finish(error.empty() ? v1::SUCCEEDED : v1::FAILED, error, std::move(report));
    }
  }));
}

}  // namespace udplab::control
