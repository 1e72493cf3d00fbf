#include "chat/sequence_tracker.hpp"

#include <algorithm>

namespace udplab::chat {

void SequenceTracker::expect_start() {
  seen_any_ = true;
  highest_ = 0;
  gaps_.clear();
}

SequenceTracker::Observation SequenceTracker::observe(std::uint64_t seq, Time now) {
  Observation o;
  if (!seen_any_) {
    seen_any_ = true;
    highest_ = seq;
    o.verdict = Verdict::first;
    return o;
  }
  if (seq > highest_) {
    o.verdict = Verdict::in_order;
    if (seq > highest_ + 1) {
      gaps_.push_back(Gap{{highest_ + 1, seq - 1}, now});
      o.opened = seq - 1 - highest_;
      while (gaps_.size() > kMaxGaps) {
        o.forced_lost.push_back(gaps_.front().range);
        gaps_.pop_front();
      }
    }
    highest_ = seq;
    return o;
  }
  // At or below the highest: either it fills a gap, or it was seen (or given up on) before.
  auto gap = std::find_if(gaps_.begin(), gaps_.end(),
                          [seq](const Gap& g) { return g.range.first <= seq && seq <= g.range.last; });
  if (gap == gaps_.end()) {
    o.verdict = Verdict::duplicate;
    return o;
  }
  o.verdict = Verdict::late;
  const SeqRange r = gap->range;
  if (r.first == r.last) {
    gaps_.erase(gap);
  } else if (seq == r.first) {
    gap->range.first = seq + 1;
  } else if (seq == r.last) {
    gap->range.last = seq - 1;
  } else {  // split in two, both keeping the time the gap opened
    gap->range.last = seq - 1;
    gaps_.insert(gap + 1, Gap{{seq + 1, r.last}, gap->opened});
  }
  return o;
}

std::vector<SeqRange> SequenceTracker::expire(Time now, Duration window) {
  std::vector<SeqRange> lost;
  // Gaps open in order of time, and splitting keeps the time, so the expired ones are a prefix.
  while (!gaps_.empty() && gaps_.front().opened + window <= now) {
    lost.push_back(gaps_.front().range);
    gaps_.pop_front();
  }
  return lost;
}

std::optional<Time> SequenceTracker::next_expiry(Duration window) const {
  if (gaps_.empty()) return std::nullopt;
  return gaps_.front().opened + window;
}

std::vector<SeqRange> SequenceTracker::flush() {
  std::vector<SeqRange> lost;
  for (const auto& g : gaps_) lost.push_back(g.range);
  gaps_.clear();
  return lost;
}

}  // namespace udplab::chat
