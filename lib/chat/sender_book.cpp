#include "chat/sender_book.hpp"

#include <algorithm>

namespace udplab::chat {

void SenderBook::count_lost(Sender& s, const std::vector<SeqRange>& ranges) {
  for (const auto& r : ranges) s.stats.lost += r.count();
}

SenderBook::Sender& SenderBook::entry(const std::string& nick, Time now) {
  auto it = senders_.find(nick);
  if (it == senders_.end()) {
    if (senders_.size() >= kMaxSenders) {
      auto oldest = std::min_element(senders_.begin(), senders_.end(), [](const auto& a, const auto& b) {
        return a.second.last_heard < b.second.last_heard;
      });
      senders_.erase(oldest);
    }
    it = senders_.emplace(nick, Sender{}).first;
  }
  it->second.last_heard = now;
  return it->second;
}

void SenderBook::expect(const std::string& nick, Time now) {
  Sender& s = entry(nick, now);
  if (s.session) return;  // already hearing it (its hello or notice was overtaken): keep tracking
  s.tracker.expect_start();
}

SenderBook::TextResult SenderBook::on_text(const std::string& nick, std::uint64_t session, std::uint64_t seq, Time now) {
  TextResult result;
  Sender& s = entry(nick, now);
  if (!s.session) {
    s.session = session;  // new, or announced by expect(): keep what the tracker knows
  } else if (*s.session != session) {
    result.restarted = true;
    result.lost = s.tracker.flush();
    count_lost(s, result.lost);
    s.session = session;
    s.tracker = SequenceTracker{};
  }
  auto o = s.tracker.observe(seq, now);
  result.verdict = o.verdict;
  count_lost(s, o.forced_lost);
  result.lost.insert(result.lost.end(), o.forced_lost.begin(), o.forced_lost.end());
  switch (o.verdict) {
    case SequenceTracker::Verdict::first:
    case SequenceTracker::Verdict::in_order: ++s.stats.received; break;
    case SequenceTracker::Verdict::late:
      ++s.stats.received;
      ++s.stats.late;
      break;
    case SequenceTracker::Verdict::duplicate: ++s.stats.duplicates; break;
  }
  return result;
}

std::vector<std::pair<std::string, SeqRange>> SenderBook::expire(Time now, Duration window) {
  std::vector<std::pair<std::string, SeqRange>> out;
  for (auto& [nick, s] : senders_) {
    auto lost = s.tracker.expire(now, window);
    count_lost(s, lost);
    for (const auto& r : lost) out.emplace_back(nick, r);
  }
  return out;
}

std::optional<Time> SenderBook::next_expiry(Duration window) const {
  std::optional<Time> next;
  for (const auto& [nick, s] : senders_)
    if (auto t = s.tracker.next_expiry(window); t && (!next || *t < *next)) next = t;
  return next;
}

std::vector<SeqRange> SenderBook::sender_left(const std::string& nick) {
  auto it = senders_.find(nick);
  if (it == senders_.end()) return {};
  auto lost = it->second.tracker.flush();
  count_lost(it->second, lost);
  it->second.session.reset();  // whatever session it comes back with is a new one
  it->second.tracker = SequenceTracker{};
  return lost;
}

SenderStats SenderBook::totals() const {
  SenderStats t;
  for (const auto& [nick, s] : senders_) {
    t.received += s.stats.received;
    t.lost += s.stats.lost;
    t.late += s.stats.late;
    t.duplicates += s.stats.duplicates;
  }
  return t;
}

}  // namespace udplab::chat
