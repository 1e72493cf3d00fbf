// udplab.v1.TftpServerOptions and TftpClientOptions to the TFTP engines' configurations (see
// echo_options.hpp for the front ends that call them): a server with files made up from a size and
// a pattern, and clients that download or upload.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "options/field_path.hpp"
#include "tftp/client.hpp"
#include "tftp/listener.hpp"
#include "tftp/memory_store.hpp"
#include "tftp/server_session.hpp"
#include "udplab/v1/scenario.pb.h"

namespace udplab::options {

inline constexpr std::uint16_t kTftpPort = 69;
// Files made up for a run live in memory: keep them to a size a laptop holds many times over.
inline constexpr std::uint64_t kMaxMadeUpFileSize = 256ull << 20;

struct TftpFileContent {
  std::string name;
  std::shared_ptr<const std::vector<std::byte>> content;
  std::string sha256;
};

struct TftpServerSettings {
  std::uint16_t port = kTftpPort;
  std::vector<TftpFileContent> files;
  tftp::MemoryStoreOptions store;
  tftp::ListenerConfig listener;
  tftp::SessionConfig session;
};

struct TftpClientSettings {
  tftp::ClientConfig config;
  tftp::Direction direction = tftp::Direction::read;
  std::shared_ptr<const std::vector<std::byte>> upload;  // put
  std::string expected_sha256;  // get: the server's file (set by the scenario); put: the upload
};

std::expected<TftpServerSettings, Problem> to_tftp_server(const v1::TftpServerOptions& options, const FieldPath& at);
std::expected<TftpClientSettings, Problem> to_tftp_client(const v1::TftpClientOptions& options,
                                                          tftp::Direction direction, const FieldPath& at);

// Deterministic content: `kind` 0 pseudo-random bytes from `seed`, 1 text lines (LF, some CR LF).
std::vector<std::byte> make_tftp_content(std::uint64_t size, int kind, std::uint64_t seed);

}  // namespace udplab::options
