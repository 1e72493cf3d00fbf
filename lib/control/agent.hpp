// Agent: `udplab serve` — the gRPC server with the Control service, server reflection and the
// standard health service, its security settings and its run registry.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "control/registry.hpp"

namespace grpc {
class Server;
}

namespace udplab::control {

struct Security {
  std::optional<std::string> token;  // clients must send "authorization: Bearer TOKEN"
  std::optional<std::string> tls_cert_pem;
  std::optional<std::string> tls_key_pem;
  bool tls() const { return tls_cert_pem.has_value(); }
};

struct AgentOptions {
  std::string listen = "127.0.0.1:50051";
  Security security;
  Limits limits;
  // Live TFTP runs read and write only under this directory (`udplab serve --tftp-root DIR`);
  // empty: TFTP runs are refused (FAILED_PRECONDITION).
  std::filesystem::path tftp_root;
};

// True when `listen` ("HOST:PORT") only accepts connections from this host.
bool is_loopback_listen(const std::string& listen);

class ControlService;

class Agent {
 public:
  explicit Agent(AgentOptions options);
  ~Agent();

  // Checks the security rules, then listens. Returns the port bound (useful with port 0) or why
  // it cannot start.
  std::expected<int, std::string> start();
  // Blocks until shutdown() (from another thread or a signal handler's thread).
  void wait();
  // Cancels the runs, stops accepting calls, and lets the current ones finish (up to a deadline).
  void shutdown();
  RunRegistry& registry() { return registry_; }

 private:
  AgentOptions options_;
  RunRegistry registry_;
  std::unique_ptr<ControlService> service_;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace udplab::control
