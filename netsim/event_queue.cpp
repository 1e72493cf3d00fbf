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

namespace {

// `a` becomes `b` where `cond` holds: a select without a branch (which event wins a match is
// data-dependent, so a branch would mispredict half the time).
template <class K>
void take_if(K& a, const K& b, bool cond) {
  const std::uint64_t mask = std::uint64_t{0} - static_cast<std::uint64_t>(cond);
  const auto at = static_cast<std::uint64_t>(a.at);
  a.at = static_cast<std::int64_t>(at ^ ((at ^ static_cast<std::uint64_t>(b.at)) & mask));
  a.tag ^= (a.tag ^ b.tag) & mask;
}

}  // namespace

void EventQueue::replay(std::size_t pos, std::int64_t at, std::uint64_t tag) {
  // The key comes in registers: a Key passed by value went through the stack, and the loads of
  // its fields waited for the caller's stores.
  Key w{at, tag};
  tree_[pos] = w;
  while (pos > 0) {
    const std::size_t j = (pos - 1) & 3;
    const std::size_t group = pos - j;
    const Key& p = tree_[group + (j ^ 1)];
    const Key& q = tree_[group + (j ^ 2)];
    const Key& r = tree_[group + (j ^ 3)];
    Key m{q.at, q.tag};
    take_if(m, r, earlier(r, m));
    take_if(m, p, earlier(p, m));
    take_if(w, m, earlier(m, w));
    pos = (pos - 1) >> 2;
    tree_[pos] = w;
  }
}

void EventQueue::rebuild(std::size_t capacity) {
  // The pending events in their order (the tags' sequence parts order them), each with its leaf.
  std::vector<std::pair<Key, std::size_t>> pending;
  for (std::size_t l = 0; l < leaves_.size(); ++l) {
    const Key k = tree_[first_leaf_ + l];
    if ((k.tag | ((std::uint64_t{1} << leaf_bits_) - 1)) != ~std::uint64_t{0}) pending.emplace_back(k, l);
  }
  std::sort(pending.begin(), pending.end(), [](const auto& a, const auto& b) { return earlier(a.first, b.first); });

  const std::size_t old = leaves_.size();
  leaves_.resize(capacity, Target{nullptr, 0});
  leaf_bits_ = 0;
  while ((std::size_t{1} << leaf_bits_) < capacity) ++leaf_bits_;
  first_leaf_ = (capacity - 1) / 3;  // the matches above 4^k leaves: 1 + 4 + ... + 4^(k-1)
  seq_limit_ = std::min(max_seq_, (~std::uint64_t{0} >> leaf_bits_) - 1);
  tree_.assign(first_leaf_ + capacity, Key{});
  for (std::size_t l = 0; l < capacity; ++l) tree_[first_leaf_ + l] = Key{kNever, free_tag(l)};
  next_seq_ = 0;
  for (const auto& [key, leaf] : pending) tree_[first_leaf_ + leaf] = Key{key.at, (next_seq_++ << leaf_bits_) | leaf};
  for (std::size_t i = first_leaf_; i-- > 0;) {
    Key w = tree_[4 * i + 1];
    for (std::size_t c = 4 * i + 2; c <= 4 * i + 4; ++c) take_if(w, tree_[c], earlier(tree_[c], w));
    tree_[i] = w;
  }
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
  replay(first_leaf_ + leaf, to_ns(at), (next_seq_++ << leaf_bits_) | leaf);
}

void EventQueue::schedule(Time at, Callback fn) { schedule(at, closures_, closures_.add(std::move(fn))); }

bool EventQueue::step() {
  settle();  // a handler that runs the queue itself (nested step) finds it in order
  if (empty()) return false;
  const Key& first = tree_[0];
  hole_ = leaf_of(first);
  now_ = Time{Duration{first.at}};
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
  while (!empty() && tree_[0].at <= limit_ns) step();
  if (now_ < limit) now_ = limit;
}

}  // namespace udplab::netsim
