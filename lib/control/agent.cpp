#include "control/agent.hpp"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "control/grpc_log.hpp"
#include "control/request_check.hpp"
#include "control/service.hpp"
#include "net/address.hpp"

namespace udplab::control {

namespace {

std::shared_ptr<grpc::ServerCredentials> tls_credentials(const Security& sec) {
  grpc::SslServerCredentialsOptions ssl;
  ssl.pem_key_cert_pairs.push_back({*sec.tls_key_pem, *sec.tls_cert_pem});
  return grpc::SslServerCredentials(ssl);
}

// gRPC refuses the listening port both when the address is taken and when the TLS material is
// unusable. Listening with the same material on a free loopback port tells the two apart.
bool tls_material_usable(const Security& sec) {
  grpc::ServerBuilder probe;
  int port = 0;
  probe.AddListeningPort("127.0.0.1:0", tls_credentials(sec), &port);
  auto server = probe.BuildAndStart();
  if (server) server->Shutdown();
  return server && port != 0;
}

}  // namespace

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
  const QuietGrpcLog quiet;
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  service_ = std::make_unique<ControlService>(registry_, options_.security);
  grpc::ServerBuilder builder;
  // gRPC sets SO_REUSEPORT by default: a second agent on a taken port would start and share the
  // connections with the first, each with its own runs.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  int port = 0;
  builder.AddListeningPort(options_.listen, sec.tls() ? tls_credentials(sec) : grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(service_.get());
  builder.experimental().SetInterceptorCreators(request_check_interceptors());
  server_ = builder.BuildAndStart();
  if (!server_ || port == 0) {
    server_.reset();
    if (sec.tls() && !tls_material_usable(sec))
      return std::unexpected(
          "the TLS certificate (--tls-cert) and key (--tls-key) are not a PEM certificate chain and its private key");
    return std::unexpected("cannot listen on " + options_.listen + " (address in use, or not an address of this host)");
  }
  // Health answers for the whole server ("") and for the Control service by name.
  if (auto* health = server_->GetHealthCheckService()) {
    health->SetServingStatus(true);
    health->SetServingStatus(v1::Control::service_full_name(), true);
  }
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
