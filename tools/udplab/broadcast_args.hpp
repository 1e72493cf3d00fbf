// Command-line pieces shared by the broadcast, discovery and server commands: where broadcasts go
// (--to / --limited, filled into the options messages by option_messages.hpp) and the name a
// server gives in discovery answers (--name / --no-discovery).
#pragma once

#include <optional>
#include <vector>

#include "cli.hpp"
#include "discovery/discovery_codec.hpp"

namespace udplab::cli {

// Adds --to ADDR (repeatable) and --limited.
void add_broadcast_target_options(po::options_description& options);

// Adds --name NAME and --no-discovery.
void add_discovery_identity_options(po::options_description& options);
// The identity to answer discovery probes with (--name, default the host name: options::discovery_identity),
// or nothing with --no-discovery.
std::optional<discovery::Identity> discovery_identity(const po::variables_map& vm, discovery::Role role);

}  // namespace udplab::cli
