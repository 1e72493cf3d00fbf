#include "scenario/build.hpp"

namespace udplab::scenario {

void install_impairments(const ImpairmentSpec& spec, netsim::Pipeline& pipeline, const netsim::Simulator& sim,
                         unsigned generation) {
  using namespace netsim;
  const std::string base = pipeline.name() + (generation ? "#" + std::to_string(generation) : "");
  auto stream = [&](const char* rule) { return sim.stream(base + "/" + rule); };
  pipeline.clear_rules();
  // netem's order: duplicate, loss, corrupt, reorder, delay.
  if (spec.duplicate > 0) pipeline.add(std::make_unique<Duplication>(spec.duplicate, spec.duplicate_correlation, stream("duplicate")));
  switch (spec.loss.model) {
    case LossSpec::Model::none: break;
    case LossSpec::Model::random:
      if (spec.loss.p > 0) pipeline.add(std::make_unique<RandomLoss>(spec.loss.p, spec.loss.correlation, stream("loss")));
      break;
    case LossSpec::Model::gilbert_elliott:
      pipeline.add(std::make_unique<GilbertElliottLoss>(spec.loss.ge_p, spec.loss.ge_r, spec.loss.ge_loss_in_bad,
                                                        spec.loss.ge_loss_in_good, stream("loss")));
      break;
    case LossSpec::Model::four_state:
      pipeline.add(std::make_unique<FourStateLoss>(spec.loss.p13, spec.loss.p31, spec.loss.p32, spec.loss.p23,
                                                   spec.loss.p14, stream("loss")));
      break;
  }
  if (!spec.drop_packets.empty()) pipeline.add(std::make_unique<DropList>(spec.drop_packets));
  if (spec.corrupt > 0) pipeline.add(std::make_unique<Corruption>(spec.corrupt, spec.corrupt_correlation, stream("corrupt")));
  if (spec.reorder > 0)
    pipeline.add(std::make_unique<Reorder>(spec.reorder, spec.reorder_correlation, spec.reorder_gap, stream("reorder")));
  if (spec.delay > Duration::zero() || spec.jitter > Duration::zero())
    pipeline.add(std::make_unique<Delay>(spec.delay, spec.jitter, spec.delay_correlation, spec.distribution, stream("delay")));
  pipeline.set_shape(spec.shape);
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

void apply_timeline(const TimelinePlan& e, std::size_t index, netsim::Simulator& sim) {
  auto& net = sim.network();
  const auto generation = static_cast<unsigned>(index + 1);
  switch (e.kind) {
    case TimelinePlan::Kind::set: {
      auto* seg = net.find_segment(e.link);
      for (auto* m : seg->members()) {
        if (!e.to.empty()) {
          if (m->host->name() == e.to) install_impairments(e.impairments, *m->ingress, sim, generation);
        } else if (e.from.empty() || m->host->name() == e.from) {
          install_impairments(e.impairments, *m->egress, sim, generation);
        }
      }
      break;
    }
    case TimelinePlan::Kind::cut:
    case TimelinePlan::Kind::restore: {
      const bool down = e.kind == TimelinePlan::Kind::cut;
      if (e.host.empty()) {
        net.set_segment_down(*net.find_segment(e.link), down);
      } else {
        net.set_interface_down(*net.find_interface(e.host, e.link), down);
      }
      break;
    }
    case TimelinePlan::Kind::partition: {
      std::vector<std::vector<netsim::Host*>> groups;
      for (const auto& g : e.groups) {
        auto& out = groups.emplace_back();
        for (const auto& h : g) out.push_back(net.find_host(h));
      }
      net.partition(groups);
      break;
    }
    case TimelinePlan::Kind::heal:
      net.heal();
      break;
  }
}

}  // namespace udplab::scenario
