// Live runs on the agent's own host: the same workloads as the CLI, on the live runtime, on a
// thread of their own, their events streamed and their report the CLI's --json message.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <variant>

#include "control/live_tftp.hpp"
#include "control/registry.hpp"
#include "options/broadcast_options.hpp"
#include "echo/echo_ping.hpp"
#include "echo/echo_server.hpp"

namespace udplab::control {

struct LivePingJob {
  echo::PingConfig config;
};
struct LiveServerJob {
  echo::ServerConfig config;
  net::Endpoint bind;
  bool bind_chosen = false;  // false: "::", or 0.0.0.0 on a host without IPv6 (net/bind_fallback.hpp)
  Duration duration{};
};

struct LiveDiscoverJob {
  options::DiscoverSettings plan;  // targets are resolved on the run's own runtime
};

struct PreparedLive {
  std::string description;
  std::variant<LivePingJob, LiveServerJob, LiveTftpTransferJob, LiveTftpServerJob, LiveDiscoverJob> job;
};

// Checks and resolves a request (names, durations against the limits, TFTP files under
// `tftp_root`; empty: TFTP runs refused) before any run starts.
std::expected<PreparedLive, ControlError> prepare_live_run(const v1::StartLiveRequest& request, const Limits& limits,
                                                           const std::filesystem::path& tftp_root = {});
void start_live_thread(const std::shared_ptr<Run>& run, PreparedLive prepared, const Limits& limits);

}  // namespace udplab::control
