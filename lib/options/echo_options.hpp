// udplab.v1.EchoPingOptions and EchoServerOptions to the echo engines' configurations, for every
// front end: scenarios, the control plane's live runs and the CLI (which fills the same messages
// from its flags). `at` is the path of the options message; problems name fields below it.
#pragma once

#include <expected>
#include <string>

#include "discovery/discovery_codec.hpp"
#include "echo/echo_ping.hpp"
#include "echo/echo_server.hpp"
#include "options/field_path.hpp"
#include "udplab/v1/scenario.pb.h"

namespace udplab::options {

inline constexpr std::uint16_t kEchoPort = 7;  // RFC 862

struct EchoServerSettings {
  std::uint16_t port = kEchoPort;
  echo::ServerConfig config;  // without broadcast addresses and discovery identity (the host's)
};

// Unset fields take PingConfig's defaults; an explicit count of 0 pings until stopped.
std::expected<echo::PingConfig, Problem> to_ping_config(const v1::EchoPingOptions& options, const FieldPath& at);
std::expected<EchoServerSettings, Problem> to_echo_server(const v1::EchoServerOptions& options, const FieldPath& at);

// The identity a server (echo server or chat room) on `host` gives in discovery answers: `name`,
// or the host's name (a neutral one if the host's cannot be a discovery name).
std::expected<discovery::Identity, Problem> discovery_identity(const std::string& name, const std::string& host,
                                                               discovery::Role role, const FieldPath& at);

}  // namespace udplab::options
