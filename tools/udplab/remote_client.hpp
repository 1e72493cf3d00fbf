// The connection `udplab remote` uses: channel, credentials and the token, and gRPC errors turned
// into the CLI's one-line errors.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <grpcpp/grpcpp.h>

#include "cli.hpp"
#include "udplab/v1/control.grpc.pb.h"

namespace udplab::cli {

struct RemoteOptions {
  std::string server = "127.0.0.1:50051";
  std::optional<std::string> token;
  std::optional<std::string> tls_ca_pem;  // TLS with this CA; set with empty text for system roots
};

class RemoteClient {
 public:
  explicit RemoteClient(const RemoteOptions& options);
  v1::Control::Stub& stub() { return *stub_; }
  // A context with the token and a deadline (none when `deadline_s` is 0).
  std::unique_ptr<grpc::ClientContext> context(double deadline_s = 30) const;
  // Throws the CLI error for a failed status: INVALID_ARGUMENT is a usage error (exit 2), the rest
  // runtime errors (exit 1).
  void check(const grpc::Status& status, const std::string& what) const;

 private:
  RemoteOptions options_;
  std::unique_ptr<v1::Control::Stub> stub_;
};

}  // namespace udplab::cli
