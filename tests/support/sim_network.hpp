// Pieces of the netsim worlds that tests build by hand: the simulator, endpoints written as text,
// and the same fixed delay on every interface's way out.
#pragma once

#include <memory>

#include "netsim/simulator.hpp"

namespace udplab::test {

// The simulator a test builds its network in, and running it for a while.
struct SimWorld {
  netsim::Simulator sim{1};
  void run_for(Duration d) { sim.run_until(sim.now() + d); }
};

// A test's own "10.0.0.1:7"; a typo throws (bad_optional_access) instead of binding somewhere else.
inline net::Endpoint ep(const char* text) { return net::Endpoint::parse(text).value(); }

// Every interface of `network` holds what it sends for `delay`: between two hosts on a segment,
// `delay` each way. Call after the last attach.
inline void delay_every_egress(netsim::Network& network, Duration delay) {
  for (const auto& i : network.interfaces())
    i.egress->add(std::make_unique<netsim::Delay>(delay, Duration::zero(), 0.0, netsim::DelayDistribution::uniform, netsim::Rng(1)));
}

}  // namespace udplab::test
