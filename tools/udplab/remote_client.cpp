#include "remote_client.hpp"

#include <chrono>

namespace udplab::cli {
namespace {

const char* code_name(grpc::StatusCode c) {
  switch (c) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    default: return "ERROR";
  }
}

}  // namespace

RemoteClient::RemoteClient(const RemoteOptions& options) : options_(options) {
  std::shared_ptr<grpc::ChannelCredentials> creds;
  if (options.tls_ca_pem) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = *options.tls_ca_pem;
    creds = grpc::SslCredentials(ssl);
  } else {
    creds = grpc::InsecureChannelCredentials();
  }
  stub_ = v1::Control::NewStub(grpc::CreateChannel(options.server, creds));
}

std::unique_ptr<grpc::ClientContext> RemoteClient::context(double deadline_s) const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (options_.token) ctx->AddMetadata("authorization", "Bearer " + *options_.token);
  if (deadline_s > 0)
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::duration<double>(deadline_s)));
  return ctx;
}

void RemoteClient::check(const grpc::Status& status, const std::string& what) const {
  if (status.ok()) return;
  std::string message = what + ": " + code_name(status.error_code()) + ": " + status.error_message();
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) message += " (is `udplab serve` running at " + options_.server + "?)";
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) throw UsageError(message);
  throw RuntimeError(message);
}

}  // namespace udplab::cli
