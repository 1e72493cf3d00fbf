#include "options/field_path.hpp"

#include "util/duration.hpp"

namespace udplab::options {

std::string to_string(const FieldPath& path) {
  std::string out;
  for (const auto& step : path) {
    if (!out.empty()) out += '.';
    out += step.field;
    if (step.index >= 0) out += "[" + std::to_string(step.index) + "]";
  }
  return out;
}

FieldPath operator+(FieldPath path, FieldStep step) {
  path.push_back(std::move(step));
  return path;
}

std::expected<Duration, Problem> duration_field(const std::string& text, const FieldPath& at, Duration fallback) {
  if (text.empty()) return fallback;
  auto d = util::parse_duration(text);
  if (!d) return std::unexpected(Problem{at, d.error()});
  return *d;
}

std::expected<net::Endpoint, Problem> endpoint_field(const std::string& text, const FieldPath& at) {
  if (text.empty()) return std::unexpected(Problem{at, "an address like \"10.0.0.2:7\" is required"});
  auto e = net::Endpoint::parse(text);
  if (!e) return std::unexpected(Problem{at, e.error()});
  if (e->port == 0) return std::unexpected(Problem{at, "a port is required"});
  return *e;
}

std::expected<std::uint16_t, Problem> port_field(std::uint32_t port, std::uint16_t fallback, const FieldPath& at) {
  if (port == 0) return fallback;
  if (port > 65535) return std::unexpected(Problem{at, "port must be 1-65535"});
  return static_cast<std::uint16_t>(port);
}

}  // namespace udplab::options
