// The TFTP parts of a compiled scenario: a server with files made up from a size and a pattern,
// and clients that download or upload (tftp_server, tftp_get, tftp_put in scenario.proto).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tftp/client.hpp"
#include "tftp/listener.hpp"
#include "tftp/memory_store.hpp"
#include "tftp/server_session.hpp"

namespace udplab::scenario {

struct TftpFilePlan {
  std::string name;
  std::shared_ptr<const std::vector<std::byte>> content;
  std::string sha256;
};

struct TftpServerPlan {
  std::uint16_t port = 69;
  std::vector<TftpFilePlan> files;
  tftp::MemoryStoreOptions store;
  tftp::ListenerConfig listener;
  tftp::SessionConfig session;
};

struct TftpClientPlan {
  tftp::ClientConfig config;
  tftp::Direction direction = tftp::Direction::read;
  std::shared_ptr<const std::vector<std::byte>> upload;  // put
  std::string expected_sha256;  // get: the server's file; put: the upload
};

// Deterministic content: `kind` 0 pseudo-random bytes from `seed`, 1 text lines (LF, some CR LF).
std::vector<std::byte> make_tftp_content(std::uint64_t size, int kind, std::uint64_t seed);

}  // namespace udplab::scenario
