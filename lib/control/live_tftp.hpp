// Live TFTP runs on the agent's host: a transfer by the TFTP client (`udplab tftp get|put`) and a
// TFTP server for a bounded time (`udplab tftpd`), both confined to the agent's TFTP root.
//
// Confinement: local names go through the same DiskStore as `udplab tftpd` (tftp/disk_store.hpp):
// no absolute names, no "..", no backslashes or NULs, nothing that leads (through symlinks) out of
// the root, regular files only. Files are opened when the request is checked, so a refused name
// is an error status of StartLive and no run starts. Downloads land atomically.
#pragma once

#include <expected>
#include <filesystem>
#include <memory>
#include <string>

#include "control/registry.hpp"
#include "tftp/disk_store.hpp"
#include "workload/tftp_workloads.hpp"

namespace udplab::control {

struct LiveTftpTransferJob {
  workload::TftpClientSetup setup;
  bool get = true;
  std::unique_ptr<tftp::WriteFile> sink;   // get
  std::unique_ptr<tftp::ReadFile> source;  // put
};

struct LiveTftpServerJob {
  workload::TftpServerSetup setup;
  std::shared_ptr<tftp::DiskStore> store;
  Duration duration{};
  bool bind_chosen = false;  // false: "::", or 0.0.0.0 on a host without IPv6 (net/bind_fallback.hpp)
};

struct PreparedTftpTransfer {
  std::string description;
  LiveTftpTransferJob job;
};
struct PreparedTftpServer {
  std::string description;
  LiveTftpServerJob job;
};

std::expected<PreparedTftpTransfer, ControlError> prepare_tftp_transfer(const v1::LiveTftpTransfer& request,
                                                                        const Limits& limits,
                                                                        const std::filesystem::path& root);
std::expected<PreparedTftpServer, ControlError> prepare_tftp_server(const v1::LiveTftpServer& request, const Limits& limits,
                                                                    const std::filesystem::path& root);

void tftp_transfer_thread(Run& run, LiveTftpTransferJob& job, const Limits& limits);
void tftp_server_thread(Run& run, LiveTftpServerJob& job);

}  // namespace udplab::control
