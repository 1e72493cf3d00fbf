// Turns a compiled plan into a simulated network, and applies its timeline entries.
#pragma once

#include <string>

#include "netsim/simulator.hpp"
#include "scenario/plan.hpp"

namespace udplab::scenario {

void build_network(const Plan& plan, netsim::Simulator& sim);
// Replaces `pipeline`'s rules and shape with `spec`. Each rule draws from its own stream, named
// after the pipeline, the rule and `generation` (0 at start, then one per timeline change), so a
// change at time T never alters what happened before it.
void install_impairments(const ImpairmentSpec& spec, netsim::Pipeline& pipeline, const netsim::Simulator& sim,
                         unsigned generation = 0);
// Applies one timeline entry (the `index`-th) now.
void apply_timeline(const TimelinePlan& event, std::size_t index, netsim::Simulator& sim);

}  // namespace udplab::scenario
