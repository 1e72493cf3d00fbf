#include "scenario/build.hpp"

namespace udplab::scenario {

void install_impairments(const ImpairmentSpec& spec, netsim::Pipeline& pipeline, const netsim::Simulator& sim) {
  const std::string& base = pipeline.name();
  if (spec.loss > 0) pipeline.add(std::make_unique<netsim::BernoulliLoss>(spec.loss, sim.stream(base + "/loss")));
  if (spec.reorder > 0)
    pipeline.add(std::make_unique<netsim::NetemReorder>(spec.reorder, spec.reorder_gap, sim.stream(base + "/reorder")));
  if (spec.delay > Duration::zero()) pipeline.add(std::make_unique<netsim::FixedDelay>(spec.delay));
}

void build_network(const Plan& plan, netsim::Simulator& sim) {
  auto& net = sim.network();
  for (const auto& h : plan.hosts) net.add_host(h.name, h.forwarding);
  for (const auto& seg : plan.segments) {
    auto& segment = net.add_segment(seg.name);
    for (const auto& m : seg.members) {
      auto& iface = net.attach(*net.find_host(m.host), segment, m.address, m.mtu);
      install_impairments(m.egress, *iface.egress, sim);
      install_impairments(m.ingress, *iface.ingress, sim);
    }
  }
  net.compute_routes();
}

}  // namespace udplab::scenario
