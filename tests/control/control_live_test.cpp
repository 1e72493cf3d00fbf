// Live runs through the control plane: two agents, one serving echo and one pinging it, both
// driven remotely — the shape of a remote-controlled LAN test.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <cstdlib>
#include <fstream>

#include "support/control_support.hpp"
#include "support/process.hpp"

using namespace udplab;
using namespace udplab::test;

namespace {

grpc::Status start_live(TestAgent& a, const v1::StartLiveRequest& req, v1::RunInfo& info) {
  auto c = a.ctx();
  return a.stub->StartLive(c.get(), req, &info);
}

v1::StartLiveRequest echo_server(std::uint16_t port, const std::string& duration) {
  v1::StartLiveRequest req;
  auto* s = req.mutable_echo_server();
  s->mutable_options()->set_port(port);
  s->set_bind("127.0.0.1");
  s->set_duration(duration);
  return req;
}

v1::StartLiveRequest echo_ping(const std::string& target, std::uint64_t count) {
  v1::StartLiveRequest req;
  auto* o = req.mutable_echo_ping()->mutable_options();
  o->set_target(target);
  o->set_count(count);
  o->set_interval("50ms");
  return req;
}

// A self-signed certificate for localhost and its key, as DIR/NAME-cert.pem and DIR/NAME-key.pem.
std::pair<std::string, std::string> self_signed(const std::filesystem::path& dir, const std::string& name) {
  const auto key = (dir / (name + "-key.pem")).string(), cert = (dir / (name + "-cert.pem")).string();
  auto made = run_process({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days",
                           "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"});
  BOOST_REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  return {cert, key};
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(control_live_test)

BOOST_AUTO_TEST_CASE(one_agent_serves_another_pings) {
  TestAgent a, b;
  const std::uint16_t port = free_udp_port();
  v1::RunInfo server, ping;
  BOOST_REQUIRE(start_live(a, echo_server(port, "30s"), server).ok());
  BOOST_REQUIRE(wait_for_udp_port(port));
  BOOST_REQUIRE(start_live(b, echo_ping("localhost:" + std::to_string(port), 5), ping).ok());
  const auto events = b.events(ping.run_id());
  std::size_t replies = 0;
  for (const auto& e : events)
    if (e.has_workload() && e.workload().kind() == "reply") {
      ++replies;
      BOOST_TEST(e.workload().json().find("{\"event\":\"reply\"") == 0u);
      BOOST_TEST(e.workload().text().find("bytes from 127.0.0.1:" + std::to_string(port)) != std::string::npos);
    }
  BOOST_TEST(replies == 5u);
  const auto ping_report = b.wait_report(ping.run_id());
  BOOST_TEST((ping_report.info().state() == v1::SUCCEEDED));
  BOOST_TEST(ping_report.live().echo_ping().received() == 5u);

  v1::RunRef ref;
  ref.set_run_id(server.run_id());
  v1::RunInfo info;
  auto c = a.ctx();
  BOOST_REQUIRE(a.stub->CancelRun(c.get(), ref, &info).ok());
  const auto server_report = a.wait_report(server.run_id());
  BOOST_TEST((server_report.info().state() == v1::CANCELLED));
  BOOST_TEST(server_report.live().echo_server().replied() == 5u);
  // Progress messages came while it served.
  bool progress = false;
  for (const auto& e : a.events(server.run_id())) progress |= e.has_message() && e.message().find("served") == 0;
  BOOST_TEST(progress);
}

BOOST_AUTO_TEST_CASE(bad_live_requests) {
  TestAgent a;
  v1::RunInfo info;
  auto s = start_live(a, echo_ping("300.1.1.1:7", 3), info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::INVALID_ARGUMENT), s.error_message());
  s = start_live(a, echo_server(7007, ""), info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::INVALID_ARGUMENT));
  BOOST_TEST(s.error_message().find("duration") != std::string::npos);
  s = start_live(a, echo_server(7007, "11m"), info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED));
  auto long_ping = echo_ping("127.0.0.1:7", 100000);
  s = start_live(a, long_ping, info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED), s.error_message());
  s = start_live(a, v1::StartLiveRequest{}, info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::INVALID_ARGUMENT));
  // A value the engine refuses is named by the request's field, not by a CLI flag.
  auto flood = echo_ping("127.0.0.1:7", 3);
  flood.mutable_echo_ping()->mutable_options()->set_flood(true);
  flood.mutable_echo_ping()->mutable_options()->set_window(40000);
  s = start_live(a, flood, info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::INVALID_ARGUMENT));
  BOOST_TEST(s.error_message() == "echo_ping.options.window: must be between 1 and 32768");
}

BOOST_AUTO_TEST_CASE(a_port_in_use_fails_the_run_with_the_reason) {
  TestAgent a;
  HeldPort busy;
  v1::RunInfo info;
  BOOST_REQUIRE(start_live(a, echo_server(busy.port(), "5s"), info).ok());
  const auto report = a.wait_report(info.run_id());
  BOOST_TEST((report.info().state() == v1::FAILED));
  BOOST_TEST(report.info().error().find("address already in use") != std::string::npos, report.info().error());
}

BOOST_AUTO_TEST_CASE(tls_with_a_self_signed_certificate) {
  if (!have_program("openssl")) {
    BOOST_TEST_MESSAGE("openssl not installed; skipped");
    return;
  }
  const auto dir = std::filesystem::temp_directory_path() / ("udplab-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto [cert, key] = self_signed(dir, "agent");
  // The certificate names "localhost": resolve it with getaddrinfo rather than c-ares, whose
  // one-time allocation LeakSanitizer would report.
  ::setenv("GRPC_DNS_RESOLVER", "native", 1);
  control::AgentOptions options;
  options.listen = "127.0.0.1:0";
  options.security.tls_cert_pem = slurp(cert);
  options.security.tls_key_pem = slurp(key);
  control::Agent agent(options);
  auto port = agent.start();
  BOOST_REQUIRE(port);
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = slurp(cert);
  auto secure = v1::Control::NewStub(grpc::CreateChannel("localhost:" + std::to_string(*port), grpc::SslCredentials(ssl)));
  v1::ServerInfo info;
  grpc::ClientContext c1;
  c1.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  auto status = secure->GetServerInfo(&c1, {}, &info);
  BOOST_TEST(status.ok(), status.error_message());
  BOOST_TEST(info.tls());
  auto plain = v1::Control::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(*port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext c2;
  c2.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  BOOST_TEST(!plain->GetServerInfo(&c2, {}, &info).ok());  // plaintext to a TLS agent fails
  agent.shutdown();
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_key_that_is_not_the_certificates_is_named_as_such) {
  if (!have_program("openssl")) {
    BOOST_TEST_MESSAGE("openssl not installed; skipped");
    return;
  }
  const auto dir = std::filesystem::temp_directory_path() / ("udplab-tls-pair-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto [cert, key] = self_signed(dir, "one");
  const auto [other_cert, other_key] = self_signed(dir, "other");
  for (const std::string& wrong_key : {slurp(other_key), std::string("not a key")}) {
    control::AgentOptions options;
    options.listen = "127.0.0.1:0";
    options.security.tls_cert_pem = slurp(cert);
    options.security.tls_key_pem = wrong_key;
    control::Agent agent(options);
    auto port = agent.start();
    BOOST_REQUIRE(!port);
    BOOST_TEST(port.error() ==
               "the TLS certificate (--tls-cert) and key (--tls-key) are not a PEM certificate chain and its private key");
  }
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
