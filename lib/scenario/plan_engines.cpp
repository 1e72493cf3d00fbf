// Compiling the options of the request, broadcast, discovery and chat workloads: defaults as the
// CLI has them, and the same validation.
#include "chat/chat_script.hpp"
#include "scenario/plan.hpp"
#include "util/bytes.hpp"

namespace udplab::scenario {
namespace {

using Unexpected = std::unexpected<Problem>;

std::expected<net::Endpoint, Problem> endpoint_field(const std::string& text, const FieldPath& at) {
  if (text.empty()) return Unexpected(Problem{at, "an address like \"10.0.0.2:7\" is required"});
  auto e = net::Endpoint::parse(text);
  if (!e) return Unexpected(Problem{at, e.error()});
  if (e->port == 0) return Unexpected(Problem{at, "a port is required"});
  return *e;
}

std::expected<std::uint16_t, Problem> port_field(std::uint32_t port, std::uint16_t fallback, const FieldPath& at) {
  if (port == 0) return fallback;
  if (port > 65535) return Unexpected(Problem{at, "port must be 1-65535"});
  return static_cast<std::uint16_t>(port);
}

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
  if (o.limited() && !t.to.empty()) return Unexpected(Problem{at + FieldStep{"limited"}, "give either to or limited, not both"});
  t.limited = o.limited();
  auto port = port_field(o.port(), default_port, at + FieldStep{"port"});
  if (!port) return Unexpected(port.error());
  t.port = *port;
  return t;
}

}  // namespace

std::expected<RequestPlan, Problem> compile_request(const v1::RequestOptions& o, const FieldPath& at) {
  RequestPlan p;
  auto target = endpoint_field(o.target(), at + FieldStep{"target"});
  if (!target) return Unexpected(target.error());
  p.config.target = *target;
  p.config.message = util::to_vector(o.message().empty() ? "request" : o.message());
  auto initial = duration_field(o.initial(), at + FieldStep{"initial"}, std::chrono::milliseconds(100));
  if (!initial) return Unexpected(initial.error());
  auto max_wait = duration_field(o.max_wait(), at + FieldStep{"max_wait"}, std::chrono::seconds(2));
  if (!max_wait) return Unexpected(max_wait.error());
  p.config.backoff = {*initial, o.factor() == 0 ? 2.0 : o.factor(), *max_wait, o.jitter()};
  if (auto bad = request::validate(p.config.backoff)) return Unexpected(config_problem(*bad, at));
  return p;
}

std::expected<BroadcastSendPlan, Problem> compile_broadcast_send(const v1::BroadcastSendOptions& o, const FieldPath& at) {
  BroadcastSendPlan p;
  auto targets = targets_field(o, 7071, at);
  if (!targets) return Unexpected(targets.error());
  p.targets = std::move(*targets);
  p.config.message = util::to_vector(o.message().empty() ? "broadcast" : o.message());
  p.config.count = o.count() == 0 ? 1 : o.count();
  auto interval = duration_field(o.interval(), at + FieldStep{"interval"}, std::chrono::seconds(1));
  if (!interval) return Unexpected(interval.error());
  p.config.interval = *interval;
  p.config.targets = {net::Endpoint{net::IpAddress::limited_broadcast(), p.targets.port}};  // to validate the rest
  if (auto bad = broadcast::validate(p.config)) return Unexpected(config_problem(*bad, at));
  p.config.targets.clear();
  return p;
}

std::expected<BroadcastListenPlan, Problem> compile_broadcast_listen(const v1::BroadcastListenOptions& o,
                                                                    const FieldPath& at) {
  BroadcastListenPlan p;
  auto port = port_field(o.port(), 7071, at + FieldStep{"port"});
  if (!port) return Unexpected(port.error());
  p.port = *port;
  p.config.count = o.count();
  return p;
}

std::expected<DiscoverPlan, Problem> compile_discover(const v1::DiscoverOptions& o, const FieldPath& at) {
  DiscoverPlan p;
  auto targets = targets_field(o, 7, at);
  if (!targets) return Unexpected(targets.error());
  p.targets = std::move(*targets);
  auto timeout = duration_field(o.timeout(), at + FieldStep{"timeout"}, std::chrono::seconds(1));
  if (!timeout) return Unexpected(timeout.error());
  auto interval = duration_field(o.interval(), at + FieldStep{"interval"}, std::chrono::milliseconds(250));
  if (!interval) return Unexpected(interval.error());
  p.config.timeout = *timeout;
  p.config.interval = *interval;
  p.config.probes = o.probes() == 0 ? 1 : o.probes();
  p.config.targets = {net::Endpoint{net::IpAddress::limited_broadcast(), p.targets.port}};  // to validate the rest
  if (auto bad = discovery::validate(p.config)) return Unexpected(config_problem(*bad, at));
  p.config.targets.clear();
  return p;
}

std::expected<discovery::Identity, Problem> discovery_name(const std::string& name, const std::string& host,
                                                           discovery::Role role, const FieldPath& at) {
  auto id = discovery::Identity::make(role, name.empty() ? host : name, UDPLAB_VERSION);
  if (id) return *id;
  if (!name.empty()) return Unexpected(Problem{at, id.error()});
  // A host name that cannot be a discovery name (too long): answer under a neutral one.
  return *discovery::Identity::make(role, "udplab", UDPLAB_VERSION);
}

std::expected<ChatRoomPlan, Problem> compile_chat_room(const v1::ChatRoomOptions& o, const std::string& host,
                                                     const FieldPath& at) {
  ChatRoomPlan p;
  auto port = port_field(o.port(), 7070, at + FieldStep{"port"});
  if (!port) return Unexpected(port.error());
  p.port = *port;
  auto idle = duration_field(o.idle_timeout(), at + FieldStep{"idle_timeout"}, std::chrono::seconds(120));
  if (!idle) return Unexpected(idle.error());
  auto window = duration_field(o.reorder_window(), at + FieldStep{"reorder_window"}, std::chrono::milliseconds(500));
  if (!window) return Unexpected(window.error());
  p.config.idle_timeout = *idle;
  p.config.reorder_window = *window;
  p.config.capacity = o.capacity() == 0 ? 64 : o.capacity();
  auto id = discovery_name(o.name(), host, discovery::Role::chat_room, at + FieldStep{"name"});
  if (!id) return Unexpected(id.error());
  p.config.discovery = *id;
  if (auto bad = chat::validate(p.config)) return Unexpected(config_problem(*bad, at));
  return p;
}

std::expected<ChatClientPlan, Problem> compile_chat_client(const v1::ChatClientOptions& o, const FieldPath& at) {
  ChatClientPlan p;
  auto peer = endpoint_field(o.peer(), at + FieldStep{"peer"});
  if (!peer) return Unexpected(peer.error());
  p.config.peer = *peer;
  p.config.nick = o.nick();
  auto port = port_field(o.port(), 0, at + FieldStep{"port"});
  if (!port) return Unexpected(port.error());
  p.port = *port;
  auto linger = duration_field(o.linger(), at + FieldStep{"linger"}, std::chrono::seconds(1));
  if (!linger) return Unexpected(linger.error());
  auto window = duration_field(o.reorder_window(), at + FieldStep{"reorder_window"}, std::chrono::milliseconds(500));
  if (!window) return Unexpected(window.error());
  auto keepalive = duration_field(o.keepalive(), at + FieldStep{"keepalive"}, std::chrono::seconds(30));
  if (!keepalive) return Unexpected(keepalive.error());
  auto interval = duration_field(o.interval(), at + FieldStep{"interval"}, std::chrono::milliseconds(100));
  if (!interval) return Unexpected(interval.error());
  p.config.linger = *linger;
  p.config.reorder_window = *window;
  p.config.keepalive = *keepalive;
  if (auto bad = chat::validate(p.config)) return Unexpected(config_problem(*bad, at));
  for (int i = 0; i < o.lines_size(); ++i) {
    auto step = chat::parse_line(o.lines(i));
    if (!step) return Unexpected(Problem{at + FieldStep{"lines"}, "line " + std::to_string(i + 1) + ": " + step.error()});
    if (*step) p.steps.push_back(std::move(**step));
  }
  if (o.count() > 100'000) return Unexpected(Problem{at + FieldStep{"count"}, "at most 100000 messages"});
  const std::string prefix = o.nick().empty() ? "message" : o.nick();
  for (std::uint64_t n = 1; n <= o.count(); ++n) {
    if (n > 1) p.steps.push_back(chat::step::Wait{*interval});
    p.steps.push_back(chat::step::Say{prefix + " " + std::to_string(n)});
  }
  return p;
}

}  // namespace udplab::scenario
