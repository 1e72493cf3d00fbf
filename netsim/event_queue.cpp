#include "netsim/event_queue.hpp"

#include <algorithm>

namespace udplab::netsim {

EventQueue::EventQueue(std::uint64_t max_seq) : max_seq_(max_seq) { rebuild(64); }

std::uint64_t EventQueue::Closures::add(Callback fn) {
  if (!free_.empty()) {
    const std::uint64_t slot = free_.back();
    free_.pop_back();
    slots_[slot] = std::move(fn);
    return slot;
  }
  slots_.push_back(std::move(fn));
  return slots_.size() - 1;
}

void EventQueue::Closures::on_event(std::uint64_t slot) {
  Callback fn = std::move(slots_[slot]);
  slots_[slot] = nullptr;
  free_.push_back(slot);
  fn();
}

void EventQueue::replay(std::size_t pos, Key w) {
  tree_[pos] = w;
  while (pos > 0) {
    const std::size_t j = (pos - 1) & 3;
    const std::size_t group = pos - j;
    const Key others = earliest(tree_[group + (j ^ 1)], earliest(tree_[group + (j ^ 2)], tree_[group + (j ^ 3)]));
    w = earliest(w, others);
    pos = (pos - 1) >> 2;
    tree_[pos] = w;
  }
}

void EventQueue::rebuild(std::size_t capacity) {
  // The pending events in their order (the tags' sequence parts order them), each with its leaf.
  std::vector<std::pair<Key, std::size_t>> pending;
  for (std::size_t l = 0; l < leaves_.size(); ++l) {
    const Key k = tree_[first_leaf_ + l];
    if ((tag_of(k) | ((std::uint64_t{1} << leaf_bits_) - 1)) != ~std::uint64_t{0}) pending.emplace_back(k, l);
  }
  std::sort(pending.begin(), pending.end(), [](const auto& a, const auto& b) { return earlier(a.first, b.first); });

  const std::size_t old = leaves_.size();
  leaves_.resize(capacity, Target{nullptr, 0});
  leaf_bits_ = 0;
  while ((std::size_t{1} << leaf_bits_) < capacity) ++leaf_bits_;
  first_leaf_ = (capacity - 1) / 3;  // the matches above 4^k leaves: 1 + 4 + ... + 4^(k-1)
  seq_limit_ = std::min(max_seq_, (~std::uint64_t{0} >> leaf_bits_) - 1);
  tree_.assign(first_leaf_ + capacity, Key{});
  for (std::size_t l = 0; l < capacity; ++l) tree_[first_leaf_ + l] = make_key(kNever, free_tag(l));
  next_seq_ = 0;
  for (const auto& [key, leaf] : pending) tree_[first_leaf_ + leaf] = make_key(at_of(key), (next_seq_++ << leaf_bits_) | leaf);
  for (std::size_t i = first_leaf_; i-- > 0;)
    tree_[i] = earliest(earliest(tree_[4 * i + 1], tree_[4 * i + 2]), earliest(tree_[4 * i + 3], tree_[4 * i + 4]));
  for (std::size_t leaf = capacity; leaf-- > old;) free_.push_back(leaf);
}

void EventQueue::schedule(Time at, EventHandler& handler, std::uint64_t arg) {
  if (at < now_) at = now_;
  std::size_t leaf = hole_;
  if (vacant_) {
    vacant_ = false;
  } else {
    if (free_.empty()) rebuild(4 * leaves_.size());
    leaf = free_.back();
    free_.pop_back();
    ++occupied_;
  }
  // The leaf is taken but still holds its old key (free, or the event running): renumbering
  // leaves that key out or numbers it, and either way the replay below overwrites it.
  if (next_seq_ >= seq_limit_) rebuild(leaves_.size());
  leaves_[leaf] = Target{&handler, arg};
  replay(first_leaf_ + leaf, make_key(to_ns(at), (next_seq_++ << leaf_bits_) | leaf));
}

void EventQueue::schedule(Time at, Callback fn) { schedule(at, closures_, closures_.add(std::move(fn))); }

bool EventQueue::step() {
  settle();  // a handler that runs the queue itself (nested step) finds it in order
  if (empty()) return false;
  const Key first = tree_[0];
  hole_ = leaf_of(first);
  now_ = Time{Duration{at_of(first)}};
  const Target t = leaves_[hole_];
  vacant_ = true;
  ++executed_;
  t.handler->on_event(t.arg);
  settle();
  return true;
}

void EventQueue::run_until(Time limit) {
  const std::int64_t limit_ns = to_ns(limit);
  settle();
  while (!empty() && at_of(tree_[0]) <= limit_ns) step();
  if (now_ < limit) now_ = limit;
}

}  // namespace udplab::netsim
