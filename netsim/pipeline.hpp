// Pipeline: one direction of a link (a host's way onto a segment, or off it into the host).
//
// A packet entering runs through the impairment rules (netem's order), then the pipeline's own
// link shaping: a queue limit (tail drop) and a rate with per-packet overhead and cell size,
// computed exactly as netem does. Surviving copies leave after their delay, in order of departure
// time; with jitter and no rate, that reorders packets as it does on a real netem link.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "netsim/fabric.hpp"
#include "netsim/impairment.hpp"

namespace udplab::netsim {

struct LinkShape {
  std::uint64_t rate_bps = 0;  // 0: unlimited
  std::int32_t packet_overhead = 0;  // bytes added to (or, negative, taken from) each frame
  std::uint32_t cell_size = 0;       // e.g. 48 for ATM; 0: none
  std::int32_t cell_overhead = 0;
  std::uint32_t limit = 1000;        // packets held at once (netem's default)
};

struct PipelineStats {
  std::uint64_t entered = 0;     // packets offered, duplicates included
  std::uint64_t dropped = 0;
  std::uint64_t duplicated = 0;  // extra copies made
  std::uint64_t corrupted = 0;
  std::uint64_t passed = 0;      // copies that left
  std::uint64_t queued = 0;      // copies that waited behind others for the rate
};

class Pipeline final : public EventHandler {
 public:
  using Exit = std::function<void(PacketId)>;

  // `defer_exit`: leave through the event queue even without delay. Egress pipelines do, so that a
  // send never delivers into another socket before the sender's call has returned.
  Pipeline(std::string name, Fabric& fabric, Exit exit, bool defer_exit, int capture, bool outbound);

  const std::string& name() const { return name_; }
  void add(std::unique_ptr<Impairment> rule) { rules_.push_back(std::move(rule)); }
  void clear_rules() { rules_.clear(); }
  const std::vector<std::unique_ptr<Impairment>>& rules() const { return rules_; }
  void set_shape(const LinkShape& shape) { shape_ = shape; }
  const LinkShape& shape() const { return shape_; }
  bool impaired() const { return !rules_.empty() || shape_.rate_bps != 0; }
  // Cut (link down): everything entering is dropped with that reason; none restores.
  void set_blocked(DropReason reason) { blocked_ = reason; }

  void send(PacketId id) { run(id, false); }
  // Whether a packet sent now would leave at once, untouched (an unimpaired ingress); the owner
  // may then skip the exit callback and carry on itself, after count_passed().
  bool passes_straight_through() const {
    return rules_.empty() && shape_.rate_bps == 0 && !defer_exit_ && blocked_ == DropReason::none;
  }
  void count_passed() {
    ++stats_.entered;
    ++stats_.passed;
  }
  const PipelineStats& stats() const { return stats_; }
  std::size_t held() const { return held_; }

  void on_event(std::uint64_t id) override;

 private:
  void run(PacketId id, bool is_duplicate);
  void drop(PacketId id, DropReason reason);
  void corrupt(PacketId id, std::uint64_t bit);
  Duration transmission_time(const Packet& p) const;

  std::string name_;
  Fabric& fabric_;
  Exit exit_;
  bool defer_exit_;
  int capture_;
  bool outbound_;
  std::vector<std::unique_ptr<Impairment>> rules_;
  LinkShape shape_;
  DropReason blocked_ = DropReason::none;
  PipelineStats stats_;
  std::size_t held_ = 0;
  Time last_departure_{};  // latest departure among held packets (valid while held_ > 0)
};

}  // namespace udplab::netsim
