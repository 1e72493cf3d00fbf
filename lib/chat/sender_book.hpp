// SenderBook: what a receiver (a chat client, or the room for its members' uplinks) knows about
// each sender it hears: the sender's session, its sequence tracking and its counts.
//
// A new session from a known nick means the sender restarted: its open gaps are given up (lost)
// and tracking starts afresh. The book holds at most kMaxSenders; a new sender beyond that evicts
// the one heard from least recently, so a flood of invented nicks cannot grow it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chat/sequence_tracker.hpp"

namespace udplab::chat {

struct SenderStats {
  std::uint64_t received = 0;    // distinct messages shown
  std::uint64_t lost = 0;        // declared lost after the reorder window
  std::uint64_t late = 0;        // arrived after a later one (reordered)
  std::uint64_t duplicates = 0;
};

class SenderBook {
 public:
  static constexpr std::size_t kMaxSenders = 256;

  struct Sender {
    std::optional<std::uint64_t> session;  // unknown until its first message
    SequenceTracker tracker;
    SenderStats stats;
    Time last_heard{};
  };
  struct TextResult {
    SequenceTracker::Verdict verdict = SequenceTracker::Verdict::first;
    std::vector<SeqRange> lost;  // given up now: a restart, or too many open gaps
    bool restarted = false;
  };

  TextResult on_text(const std::string& nick, std::uint64_t session, std::uint64_t seq, Time now);
  // We saw `nick` arrive (joined, or said hello): its messages start at 1, whatever session they
  // carry, so losing the very first ones is noticed too. No effect on a sender already heard in a
  // session (the announcement was overtaken by its messages).
  void expect(const std::string& nick, Time now);
  // Every gap that has waited `window`, as (nick, range), in nick order.
  std::vector<std::pair<std::string, SeqRange>> expire(Time now, Duration window);
  std::optional<Time> next_expiry(Duration window) const;
  // The sender left: its open gaps will never be filled, so they are lost now (returned). Its
  // counts stay for the report; if it comes back, a new session starts afresh.
  std::vector<SeqRange> sender_left(const std::string& nick);

  const std::map<std::string, Sender>& senders() const { return senders_; }
  // Counts over every sender in the book (evicted ones are gone).
  SenderStats totals() const;

 private:
  Sender& entry(const std::string& nick, Time now);
  void count_lost(Sender& s, const std::vector<SeqRange>& ranges);
  std::map<std::string, Sender> senders_;  // ordered: reports and expiry are deterministic
};

}  // namespace udplab::chat
