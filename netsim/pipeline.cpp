#include "netsim/pipeline.hpp"

namespace udplab::netsim {

void Pipeline::note(TraceKind kind, const Packet& p, DropReason reason) {
  trace_.record(describe(p, events_.now(), kind, name_, reason));
}

void Pipeline::send(Packet p, const Deliver& deliver) { run(std::move(p), false, deliver); }

void Pipeline::run(Packet p, bool duplicate, const Deliver& deliver) {
  const Time now = events_.now();
  ++stats_.entered;
  if (blocked_ != DropReason::none) {
    ++stats_.dropped;
    note(TraceKind::dropped, p, blocked_);
    return;
  }
  Fate fate;
  fate.is_duplicate = duplicate;
  for (auto& rule : rules_) {
    rule->apply(p, now, fate);
    if (fate.drop != DropReason::none) {
      ++stats_.dropped;
      note(TraceKind::dropped, p, fate.drop);
      return;
    }
  }
  if (fate.corrupt && !p.corrupted) {
    p.corrupted = true;
    ++stats_.corrupted;
    note(TraceKind::corrupted, p);
  }
  // A copy runs through the rules again with duplication off, as netem re-enqueues its clones.
  for (unsigned k = 0; k < fate.extra_copies && !duplicate; ++k) {
    Packet copy = p;
    copy.copy = ++copy_counter_;
    copy.corrupted = false;
    ++stats_.duplicated;
    note(TraceKind::duplicated, copy);
    trace_.remember_payload(copy.id, copy.copy, copy.payload);
    run(std::move(copy), true, deliver);
  }
  ++stats_.passed;
  const Time at = fate.overtake ? now : now + fate.delay;
  events_.schedule(at, [deliver, p = std::move(p)]() mutable { deliver(std::move(p)); });
}

}  // namespace udplab::netsim
