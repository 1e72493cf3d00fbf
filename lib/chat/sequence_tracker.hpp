// SequenceTracker: what one sender's sequence numbers say about the path they took.
//
// A sender numbers its messages 1, 2, 3, ... A receiver that sees 4 after 2 knows 3 is missing,
// but not yet whether it is lost or only late (reordered). So a gap waits for `window`: if 3 turns
// up in time it was late; if not, it is declared lost. The tracker keeps the gaps as ranges (a
// jump from 2 to 10^9 costs one entry) and at most kMaxGaps of them; past that the oldest is
// declared lost at once, so a hostile sender cannot grow its memory.
//
// The first number seen from a sender is where the receiver came in, not a gap: someone who joins
// a room late did not "lose" what was said before. When the receiver saw the sender arrive (a
// join notice, a peer's hello), expect_start() says numbering begins at 1, so even the sender's
// first messages count when lost. Pure logic, driven by the caller's clock.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "transport/time.hpp"

namespace udplab::chat {

struct SeqRange {
  std::uint64_t first = 0, last = 0;
  std::uint64_t count() const { return last - first + 1; }
  friend bool operator==(const SeqRange&, const SeqRange&) = default;
};

class SequenceTracker {
 public:
  static constexpr std::size_t kMaxGaps = 64;

  enum class Verdict {
    first,      // the first number seen from this sender
    in_order,   // the next one, or a jump ahead (which opens a gap)
    late,       // fills a gap: it was overtaken, not lost
    duplicate,  // seen before (or declared lost already and arriving after the window)
  };
  struct Observation {
    Verdict verdict = Verdict::first;
    std::uint64_t opened = 0;             // numbers newly missing (a jump ahead)
    std::vector<SeqRange> forced_lost;    // gaps given up at once to stay within kMaxGaps
  };

  // The sender is new: its next message is number 1.
  void expect_start();
  Observation observe(std::uint64_t seq, Time now);
  // Declares lost every gap that has waited `window` by `now`; returns them oldest first.
  std::vector<SeqRange> expire(Time now, Duration window);
  // When the oldest gap will be declared lost, if there is one.
  std::optional<Time> next_expiry(Duration window) const;
  // Declares every open gap lost (the sender left or restarted).
  std::vector<SeqRange> flush();

  std::uint64_t highest() const { return highest_; }
  std::size_t open_gaps() const { return gaps_.size(); }

 private:
  struct Gap {
    SeqRange range;
    Time opened;
  };
  std::uint64_t highest_ = 0;
  bool seen_any_ = false;
  std::deque<Gap> gaps_;  // sorted by range, oldest first (gaps open in increasing order)
};

}  // namespace udplab::chat
