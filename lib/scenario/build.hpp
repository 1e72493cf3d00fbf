// Turns a compiled plan's topology into a simulated network.
#pragma once

#include "netsim/simulator.hpp"
#include "scenario/plan.hpp"

namespace udplab::scenario {

void build_network(const Plan& plan, netsim::Simulator& sim);
// Installs the rules for `spec` on `pipeline`, each with its own stream named after the pipeline.
void install_impairments(const ImpairmentSpec& spec, netsim::Pipeline& pipeline, const netsim::Simulator& sim);

}  // namespace udplab::scenario
