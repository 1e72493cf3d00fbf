// Simulator: one deterministic world. It owns virtual time, the network and the trace; hosts get
// a transport::Runtime each. Same topology, same workloads, same seed: the same trace, always.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "netsim/event_queue.hpp"
#include "netsim/host_runtime.hpp"
#include "netsim/network.hpp"
#include "netsim/trace.hpp"

namespace udplab::netsim {

class Simulator {
 public:
  explicit Simulator(std::uint64_t seed) : seed_(seed), network_(events_, trace_, seed) {}
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  std::uint64_t seed() const { return seed_; }
  Time now() const { return events_.now(); }
  EventQueue& events() { return events_; }
  Network& network() { return network_; }
  const Network& network() const { return network_; }
  Trace& trace() { return trace_; }
  Rng stream(std::string_view consumer) const { return Rng::stream(seed_, consumer); }

  // The runtime of host `name` (created on first use); the host must exist.
  HostRuntime& runtime(const std::string& name);

  // Runs events up to `limit`; stops early, at the time of the last event run, once `done()` is
  // true or nothing is left to run.
  template <class Pred>
  void run_until(Time limit, Pred done) {
    while (!done()) {
      auto next = events_.next_time();
      if (!next || *next > limit) break;
      events_.step();
    }
  }
  void run_until(Time limit) { events_.run_until(limit); }

 private:
  std::uint64_t seed_;
  EventQueue events_;
  Trace trace_;
  Network network_;
  std::map<std::string, std::unique_ptr<HostRuntime>> runtimes_;
};

}  // namespace udplab::netsim
