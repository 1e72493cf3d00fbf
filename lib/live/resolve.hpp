// Name resolution for the CLI: "HOST[:PORT]" to an endpoint, through the system resolver.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "net/address.hpp"

namespace udplab::live {

// Accepts literal addresses without touching the resolver. `family` restricts the result.
std::expected<net::Endpoint, std::string> resolve(std::string_view host_port, std::uint16_t default_port,
                                                  std::optional<net::Family> family = std::nullopt);

// This machine's host name (the default name servers give in discovery answers); empty if unknown.
std::string host_name();

}  // namespace udplab::live
