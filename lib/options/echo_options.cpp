#include "options/echo_options.hpp"

#include "options/option_fields.hpp"

namespace udplab::options {

using Unexpected = std::unexpected<Problem>;

std::expected<echo::PingConfig, Problem> to_ping_config(const v1::EchoPingOptions& o, const FieldPath& at) {
  echo::PingConfig c;
  auto target = net::Endpoint::parse(o.target(), kEchoPort);
  if (!target) return Unexpected(Problem{at + FieldStep{"target"}, target.error()});
  c.target = *target;
  if (o.has_count()) c.count = o.count();
  auto interval = duration_field(o.interval(), at + FieldStep{"interval"}, c.interval);
  if (!interval) return Unexpected(interval.error());
  c.interval = *interval;
  auto timeout = duration_field(o.timeout(), at + FieldStep{"timeout"}, c.timeout);
  if (!timeout) return Unexpected(timeout.error());
  c.timeout = *timeout;
  if (o.size() != 0) c.payload_size = o.size();
  c.flood = o.flood();
  if (o.window() != 0) c.window = o.window();
  if (auto bad = echo::validate(c)) return Unexpected(config_problem(*bad, at));
  return c;
}

std::expected<EchoServerSettings, Problem> to_echo_server(const v1::EchoServerOptions& o, const FieldPath& at) {
  EchoServerSettings s;
  auto port = server_port_field(o, kEchoPort, at + FieldStep{"port"});
  if (!port) return Unexpected(port.error());
  s.port = *port;
  s.config.reply_length = o.reply_length();
  return s;
}

std::expected<discovery::Identity, Problem> discovery_identity(const std::string& name, const std::string& host,
                                                               discovery::Role role, const FieldPath& at) {
  auto id = discovery::Identity::make(role, name.empty() ? host : name, UDPLAB_VERSION);
  if (id) return *id;
  if (!name.empty()) return Unexpected(Problem{at, id.error()});
  // A host name that cannot be a discovery name (too long): answer under a neutral one.
  return *discovery::Identity::make(role, "udplab", UDPLAB_VERSION);
}

}  // namespace udplab::options
