// Command-line pieces shared by the broadcast, discovery and server commands: where broadcasts go
// (--to / --limited) and the name a server gives in discovery answers (--name / --no-discovery).
#pragma once

#include <optional>
#include <vector>

#include "cli.hpp"
#include "discovery/discovery_codec.hpp"
#include "transport/runtime.hpp"

namespace udplab::cli {

// Adds --to ADDR (repeatable) and --limited.
void add_broadcast_target_options(po::options_description& options);
// The endpoints to send to: the --to addresses, or 255.255.255.255 with --limited, or else the
// directed broadcast address of every interface of this host (the limited address if it has none).
std::vector<net::Endpoint> broadcast_targets(const po::variables_map& vm, std::uint16_t port,
                                             const transport::Runtime& runtime);

// Adds --name NAME and --no-discovery.
void add_discovery_identity_options(po::options_description& options);
// The identity to answer discovery probes with (--name, default the host name), or nothing with
// --no-discovery.
std::optional<discovery::Identity> discovery_identity(const po::variables_map& vm, discovery::Role role);

}  // namespace udplab::cli
