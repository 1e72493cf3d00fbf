// udplab.v1.BroadcastSendOptions, BroadcastListenOptions and DiscoverOptions to the broadcast and
// discovery engines' configurations (see echo_options.hpp for the front ends that call them).
#pragma once

#include <expected>
#include <span>
#include <vector>

#include "broadcast/broadcast_listener.hpp"
#include "broadcast/broadcast_sender.hpp"
#include "discovery/discoverer.hpp"
#include "options/field_path.hpp"
#include "udplab/v1/scenario.pb.h"

namespace udplab::options {

inline constexpr std::uint16_t kBroadcastPort = 7071;
inline constexpr const char* kDefaultBroadcastMessage = "broadcast";

// Broadcast targets are resolved when the workload starts: by default they are the directed
// broadcast addresses of its host (see broadcast/broadcast_targets.hpp).
struct BroadcastTargets {
  std::vector<net::IpAddress> to;
  bool limited = false;
  std::uint16_t port = 0;

  // Where they go on a host whose interfaces have these broadcast addresses.
  std::vector<net::Endpoint> endpoints(std::span<const net::IpAddress> interface_broadcasts) const;
};
struct BroadcastSendSettings {
  BroadcastTargets targets;
  broadcast::SendConfig config;  // without targets
};
struct BroadcastListenSettings {
  std::uint16_t port = kBroadcastPort;
  broadcast::ListenConfig config;
};
struct DiscoverSettings {
  BroadcastTargets targets;
  discovery::DiscoverConfig config;  // without targets and nonce
};

std::expected<BroadcastSendSettings, Problem> to_broadcast_send(const v1::BroadcastSendOptions& options,
                                                                const FieldPath& at);
std::expected<BroadcastListenSettings, Problem> to_broadcast_listen(const v1::BroadcastListenOptions& options,
                                                                    const FieldPath& at);
std::expected<DiscoverSettings, Problem> to_discover(const v1::DiscoverOptions& options, const FieldPath& at);

}  // namespace udplab::options
