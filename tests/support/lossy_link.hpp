// Runs any set of engines against each other in virtual time, with no sockets: each engine sits at
// an endpoint, datagrams take `delay` to arrive, and the n-th datagram sent (counting every
// engine's, from 1) can be dropped, to reach each loss path in turn (as tftp_pair.hpp does for the
// TFTP engines). Every datagram is logged, dropped ones included, so a test can say what a loss
// must have done.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "transport/engine.hpp"

namespace udplab::test {

struct LinkRecord {
  net::Endpoint from, to;
  std::vector<std::byte> payload;
  Time sent{};
  bool dropped = false;
};

class LossyLink {
 public:
  std::set<std::uint64_t> drop;  // datagram numbers, from 1
  Duration delay = std::chrono::milliseconds(1);

  // Attaches `engine` at `at`; `on_event` sees every event it emits. The engine is started by run().
  template <class E>
  void attach(const net::Endpoint& at, E& engine, std::function<void(const typename E::Event&)> on_event = {}) {
    Node n;
    n.at = at;
    n.start = [&engine](Time now) { engine.start(now); };
    n.deliver = [&engine](Time now, const transport::Datagram& d) { engine.on_datagram(now, d); };
    n.timer = [&engine](Time now) { engine.on_timer(now); };
    n.deadline = [&engine] { return engine.next_deadline(); };
    n.collect = [this, &engine, at, on_event](Time now) {
      transport::Transmit t;
      while (engine.poll_transmit(t)) send(now, at, t);
      while (auto e = engine.poll_event())
        if (on_event) on_event(*e);
    };
    nodes_.push_back(std::move(n));
  }

  // Starts the engines at time 0, in the order attached, and runs until done() holds with nothing
  // in flight, nothing is left to happen, or `limit` passes. Returns the time it stopped.
  Time run(const std::function<bool()>& done, Duration limit = std::chrono::seconds(600)) {
    Time now{};
    for (auto& n : nodes_) {
      n.start(now);
      n.collect(now);
    }
    while (now < Time{limit} && !(wire_.empty() && done())) {
      std::optional<Time> next;
      auto consider = [&](std::optional<Time> t) {
        if (t && (!next || *t < *next)) next = t;
      };
      if (!wire_.empty()) consider(wire_.begin()->first.first);
      for (auto& n : nodes_) consider(n.deadline());
      if (!next) break;
      now = std::max(now, *next);
      if (!wire_.empty() && wire_.begin()->first.first <= now) {
        const std::size_t index = wire_.begin()->second;
        wire_.erase(wire_.begin());
        const LinkRecord& r = log[index];
        for (auto& n : nodes_)
          if (n.at == r.to) n.deliver(now, transport::Datagram{r.from, r.payload});
      } else {
        for (auto& n : nodes_)
          if (auto d = n.deadline(); d && *d <= now) n.timer(now);
      }
      for (auto& n : nodes_) n.collect(now);
    }
    return now;
  }

  std::vector<LinkRecord> log;  // every datagram sent, in sending order (datagram n is log[n - 1])

 private:
  struct Node {
    net::Endpoint at;
    std::function<void(Time)> start, timer, collect;
    std::function<void(Time, const transport::Datagram&)> deliver;
    std::function<std::optional<Time>()> deadline;
  };

  void send(Time now, const net::Endpoint& from, const transport::Transmit& t) {
    log.push_back(LinkRecord{from, t.to, t.payload, now, drop.count(log.size() + 1) > 0});
    if (!log.back().dropped) wire_.emplace(std::pair{now + delay, ++sequence_}, log.size() - 1);
  }

  std::vector<Node> nodes_;
  std::multimap<std::pair<Time, std::uint64_t>, std::size_t> wire_;  // arrival, then sending order -> log index
  std::uint64_t sequence_ = 0;
};

}  // namespace udplab::test
