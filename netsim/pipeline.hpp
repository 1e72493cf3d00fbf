// Pipeline: one direction of a link (a host's way onto a segment, or off it) with its ordered
// impairment rules. It turns one packet into zero or more timed departures and records what it did
// in the trace.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "netsim/event_queue.hpp"
#include "netsim/impairment.hpp"
#include "netsim/trace.hpp"

namespace udplab::netsim {

struct PipelineStats {
  std::uint64_t entered = 0;     // packets offered, duplicates included
  std::uint64_t dropped = 0;
  std::uint64_t duplicated = 0;  // extra copies made
  std::uint64_t corrupted = 0;
  std::uint64_t passed = 0;      // copies that left the far end
};

class Pipeline {
 public:
  using Deliver = std::function<void(Packet)>;

  // `copy_counter` numbers duplicates across all pipelines so that (packet, copy) stays unique.
  Pipeline(std::string name, EventQueue& events, Trace& trace, std::uint32_t& copy_counter)
      : name_(std::move(name)), events_(events), trace_(trace), copy_counter_(copy_counter) {}

  const std::string& name() const { return name_; }
  void add(std::unique_ptr<Impairment> rule) { rules_.push_back(std::move(rule)); }
  void clear() { rules_.clear(); }
  bool empty() const { return rules_.empty(); }
  // Cut (link down) or partitioned: everything entering is dropped with that reason.
  void set_blocked(DropReason reason) { blocked_ = reason; }

  // Runs the rules on `p` entering now; schedules `deliver` for each copy that survives.
  void send(Packet p, const Deliver& deliver);
  const PipelineStats& stats() const { return stats_; }

 private:
  void run(Packet p, bool duplicate, const Deliver& deliver);
  void note(TraceKind kind, const Packet& p, DropReason reason = DropReason::none);

  std::string name_;
  EventQueue& events_;
  Trace& trace_;
  std::vector<std::unique_ptr<Impairment>> rules_;
  DropReason blocked_ = DropReason::none;
  PipelineStats stats_;
  std::uint32_t& copy_counter_;
};

}  // namespace udplab::netsim
