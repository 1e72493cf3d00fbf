// Where in an option message a value sits (e.g. workloads[1].echo_ping.target), and a value the
// translators refuse, named by that path: a scenario file or a gRPC request reports the path, the
// CLI the flag that filled the field (tools/udplab/option_flags.hpp).
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "net/address.hpp"
#include "transport/time.hpp"

namespace udplab::options {

struct FieldStep {
  std::string field;
  int index = -1;  // -1 for a singular field
};
using FieldPath = std::vector<FieldStep>;
std::string to_string(const FieldPath& path);
FieldPath operator+(FieldPath path, FieldStep step);

struct Problem {
  FieldPath path;
  std::string message;  // why the value at `path` is refused, worded to follow its name
  // Set when a rule weighs the value against a second field of the same message: that field's
  // name, and `message` with "{other}" where it names it, for front ends with other names.
  std::optional<std::string> other = std::nullopt;
  std::string message_template = {};
};

// Readers of the field kinds every options message has.
// A duration ("250ms", "1.5s"); empty: `fallback`.
std::expected<Duration, Problem> duration_field(const std::string& text, const FieldPath& at, Duration fallback);
// "ADDRESS:PORT", port required.
std::expected<net::Endpoint, Problem> endpoint_field(const std::string& text, const FieldPath& at);
// A port to send to; 0: `fallback`.
std::expected<std::uint16_t, Problem> port_field(std::uint32_t port, std::uint16_t fallback, const FieldPath& at);
// A server's port (an optional field): unset, `fallback`; 0, any free port.
template <class Options>
std::expected<std::uint16_t, Problem> server_port_field(const Options& o, std::uint16_t fallback, const FieldPath& at) {
  if (!o.has_port()) return fallback;
  if (o.port() > 65535) return std::unexpected(Problem{at, "port must be 0-65535"});
  return static_cast<std::uint16_t>(o.port());
}

}  // namespace udplab::options
