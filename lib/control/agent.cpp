#include "control/agent.hpp"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "control/service.hpp"
#include "net/address.hpp"

namespace udplab::control {

bool is_loopback_listen(const std::string& listen) {
  auto hp = net::split_host_port(listen);
  if (!hp) return false;
  if (hp->host == "localhost") return true;
  auto a = net::IpAddress::parse(hp->host);
  return a && a->is_loopback();
}

Agent::Agent(AgentOptions options) : options_(std::move(options)), registry_(options_.limits, options_.tftp_root) {}

Agent::~Agent() { shutdown(); }

std::expected<int, std::string> Agent::start() {
  const auto& sec = options_.security;
  if (!is_loopback_listen(options_.listen) && !sec.token && !sec.tls())
    return std::unexpected("listening on " + options_.listen +
                           " (not loopback) needs a token (--token-file) or TLS (--tls-cert and --tls-key)");
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  service_ = std::make_unique<ControlService>(registry_, options_.security);
  grpc::ServerBuilder builder;
  std::shared_ptr<grpc::ServerCredentials> creds;
  if (sec.tls()) {
    grpc::SslServerCredentialsOptions ssl;
    ssl.pem_key_cert_pairs.push_back({*sec.tls_key_pem, *sec.tls_cert_pem});
    creds = grpc::SslServerCredentials(ssl);
  } else {
    creds = grpc::InsecureServerCredentials();
  }
  int port = 0;
  builder.AddListeningPort(options_.listen, creds, &port);
  builder.RegisterService(service_.get());
  server_ = builder.BuildAndStart();
  if (!server_ || port == 0) {
    server_.reset();
    return std::unexpected("cannot listen on " + options_.listen + " (address in use, or not an address of this host)");
  }
  if (auto* health = server_->GetHealthCheckService()) health->SetServingStatus(true);
  return port;
}

void Agent::wait() {
  if (server_) server_->Wait();
}

void Agent::shutdown() {
  registry_.shutdown();
  if (server_) {
    if (auto* health = server_->GetHealthCheckService()) health->SetServingStatus(false);
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  }
}

}  // namespace udplab::control
