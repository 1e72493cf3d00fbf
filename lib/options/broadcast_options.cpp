#include "options/broadcast_options.hpp"

#include "broadcast/broadcast_targets.hpp"
#include "options/echo_options.hpp"
#include "options/option_fields.hpp"
#include "util/bytes.hpp"

namespace udplab::options {
namespace {

using Unexpected = std::unexpected<Problem>;

template <class Options>
std::expected<BroadcastTargets, Problem> targets_field(const Options& o, std::uint16_t default_port, const FieldPath& at) {
  BroadcastTargets t;
  for (int i = 0; i < o.to_size(); ++i) {
    const FieldPath where = at + FieldStep{"to", i};
    auto a = net::IpAddress::parse(o.to(i));
    if (!a) return Unexpected(Problem{where, a.error()});
    if (a->is_v6()) return Unexpected(Problem{where, "IPv6 has no broadcast (it uses multicast)"});
    t.to.push_back(*a);
  }
  if (o.limited() && !t.to.empty())
    return Unexpected(Problem{at + FieldStep{"limited"}, "cannot be combined with to", "to", "cannot be combined with {other}"});
  t.limited = o.limited();
  auto port = port_field(o.port(), default_port, at + FieldStep{"port"});
  if (!port) return Unexpected(port.error());
  t.port = *port;
  return t;
}

}  // namespace

std::vector<net::Endpoint> BroadcastTargets::endpoints(std::span<const net::IpAddress> interface_broadcasts) const {
  return broadcast::broadcast_targets(to, limited, port, interface_broadcasts);
}

std::expected<BroadcastSendSettings, Problem> to_broadcast_send(const v1::BroadcastSendOptions& o, const FieldPath& at) {
  BroadcastSendSettings s;
  auto targets = targets_field(o, kBroadcastPort, at);
  if (!targets) return Unexpected(targets.error());
  s.targets = std::move(*targets);
  s.config.message = util::to_vector(o.has_message() ? o.message() : kDefaultBroadcastMessage);
  if (o.count() != 0) s.config.count = o.count();
  auto interval = duration_field(o.interval(), at + FieldStep{"interval"}, s.config.interval);
  if (!interval) return Unexpected(interval.error());
  s.config.interval = *interval;
  s.config.targets = {net::Endpoint{net::IpAddress::limited_broadcast(), s.targets.port}};  // to validate the rest
  if (auto bad = broadcast::validate(s.config)) return Unexpected(config_problem(*bad, at));
  s.config.targets.clear();
  return s;
}

std::expected<BroadcastListenSettings, Problem> to_broadcast_listen(const v1::BroadcastListenOptions& o,
                                                                    const FieldPath& at) {
  BroadcastListenSettings s;
  auto port = server_port_field(o, kBroadcastPort, at + FieldStep{"port"});
  if (!port) return Unexpected(port.error());
  s.port = *port;
  s.config.count = o.count();
  return s;
}

std::expected<DiscoverSettings, Problem> to_discover(const v1::DiscoverOptions& o, const FieldPath& at) {
  DiscoverSettings s;
  auto targets = targets_field(o, kEchoPort, at);
  if (!targets) return Unexpected(targets.error());
  s.targets = std::move(*targets);
  auto timeout = duration_field(o.timeout(), at + FieldStep{"timeout"}, s.config.timeout);
  if (!timeout) return Unexpected(timeout.error());
  auto interval = duration_field(o.interval(), at + FieldStep{"interval"}, s.config.interval);
  if (!interval) return Unexpected(interval.error());
  s.config.timeout = *timeout;
  s.config.interval = *interval;
  if (o.probes() != 0) s.config.probes = o.probes();
  s.config.targets = {net::Endpoint{net::IpAddress::limited_broadcast(), s.targets.port}};  // to validate the rest
  if (auto bad = discovery::validate(s.config)) return Unexpected(config_problem(*bad, at));
  s.config.targets.clear();
  return s;
}

}  // namespace udplab::options
