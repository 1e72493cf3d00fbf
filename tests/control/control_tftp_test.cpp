// Live TFTP and discovery runs through the control plane: transfers confined to the agent's TFTP
// root against a real `udplab tftpd` and against another agent's TFTP server run, the same server
// run serving a real `udplab tftp` client, escape attempts and missing roots refused, and
// discovery finding an agent's echo server on loopback's broadcast address.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "support/control_support.hpp"
#include "support/process.hpp"
#include "util/sha256.hpp"

using namespace udplab;
using namespace udplab::test;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the temporary directory, removed at the end.
struct TempDir {
  explicit TempDir(const std::string& tag) {
    static int n = 0;
    path = fs::temp_directory_path() / ("udplab-ctl-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

std::string pattern(std::size_t size, unsigned seed) {
  std::string s(size, '\0');
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& c : s) {
    x = x * 1664525u + 1013904223u;
    c = static_cast<char>(x >> 24);
  }
  return s;
}

void write(const fs::path& p, const std::string& data) {
  std::ofstream out(p, std::ios::binary);
  out << data;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string sha256(const std::string& data) {
  util::Sha256 h;
  h.update(std::string_view(data));
  return h.hex_digest();
}

control::AgentOptions with_root(const fs::path& root) {
  control::AgentOptions o;
  o.tftp_root = root;
  return o;
}

grpc::Status start_live(TestAgent& a, const v1::StartLiveRequest& req, v1::RunInfo& info) {
  auto c = a.ctx();
  return a.stub->StartLive(c.get(), req, &info);
}

v1::StartLiveRequest transfer(v1::TftpOperation op, const std::string& server, const std::string& remote,
                              const std::string& local) {
  v1::StartLiveRequest req;
  auto* t = req.mutable_tftp_transfer();
  t->set_operation(op);
  t->mutable_options()->set_server(server);
  t->mutable_options()->set_remote(remote);
  t->mutable_options()->set_blksize(1428);
  t->mutable_options()->set_windowsize(4);
  t->mutable_options()->set_tsize(true);
  t->set_local(local);
  t->set_sha256(true);
  return req;
}

v1::StartLiveRequest tftp_server(std::uint16_t port, const std::string& duration) {
  v1::StartLiveRequest req;
  auto* s = req.mutable_tftp_server();
  s->mutable_options()->set_port(port);
  s->mutable_options()->set_create(true);
  s->set_bind("127.0.0.1");
  s->set_duration(duration);
  return req;
}

bool no_temp_files(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(".udplab-") != std::string::npos) return false;
  return true;
}

// Runs a transfer to its end and returns its report; fails the test if it did not succeed.
v1::RunReport run_transfer(TestAgent& agent, const v1::StartLiveRequest& req, std::size_t* progress_events = nullptr) {
  v1::RunInfo info;
  auto s = start_live(agent, req, info);
  if (!s.ok()) BOOST_FAIL("StartLive: " << s.error_message());
  std::size_t progress = 0;
  for (const auto& e : agent.events(info.run_id())) progress += e.has_workload() && e.workload().kind() == "progress";
  if (progress_events) *progress_events = progress;
  auto report = agent.wait_report(info.run_id());
  BOOST_TEST((report.info().state() == v1::SUCCEEDED), report.info().error());
  return report;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(control_tftp_test)

BOOST_AUTO_TEST_CASE(get_and_put_against_a_real_tftpd) {
  TempDir served("served"), root("root");
  const std::string file = pattern(300000, 1), upload = pattern(123457, 2);
  fs::create_directories(served.path / "images");
  write(served.path / "images/boot.img", file);
  write(root.path / "router.cfg", upload);
  const std::uint16_t port = free_udp_port();
  BackgroundProcess tftpd({udplab_binary(), "tftpd", "--root", served.path.string(), "--bind", "127.0.0.1", "--port",
                           std::to_string(port), "--create", "--duration", "60s"});
  BOOST_REQUIRE(tftpd.read_line());  // its banner: listening
  TestAgent agent(with_root(root.path));
  const std::string server = "127.0.0.1:" + std::to_string(port);

  std::size_t progress = 0;
  auto got = run_transfer(agent, transfer(v1::TFTP_GET, server, "images/boot.img", "boot.img"), &progress);
  BOOST_TEST(got.live().tftp().ok());
  BOOST_TEST(got.live().tftp().bytes() == file.size());
  BOOST_TEST(got.live().tftp().sha256() == sha256(file));
  BOOST_TEST(got.live().tftp().local() == "boot.img");  // relative to the root: the root is not revealed
  BOOST_TEST(progress >= 1u);
  BOOST_TEST(sha256(slurp(root.path / "boot.img")) == sha256(file));

  auto put = run_transfer(agent, transfer(v1::TFTP_PUT, server, "uploads-router.cfg", "router.cfg"));
  BOOST_TEST(put.live().tftp().ok());
  BOOST_TEST(put.live().tftp().sha256() == sha256(upload));
  BOOST_TEST(sha256(slurp(served.path / "uploads-router.cfg")) == sha256(upload));

  // A failed download (no such file) fails the run with the server's error and leaves nothing.
  v1::RunInfo info;
  BOOST_REQUIRE(start_live(agent, transfer(v1::TFTP_GET, server, "missing.bin", "missing.bin"), info).ok());
  auto failed = agent.wait_report(info.run_id());
  BOOST_TEST((failed.info().state() == v1::FAILED));
  BOOST_TEST(failed.info().error().find("File not found") != std::string::npos, failed.info().error());
  BOOST_TEST(!fs::exists(root.path / "missing.bin"));
  BOOST_TEST(no_temp_files(root.path));
  tftpd.stop();
}

BOOST_AUTO_TEST_CASE(one_agent_serves_tftp_another_transfers_and_a_real_client_too) {
  TempDir root_a("a"), root_b("b"), cwd("cli");
  const std::string file = pattern(200000, 3), upload = pattern(5000, 4);
  write(root_a.path / "firmware.bin", file);
  write(root_b.path / "notes.txt", upload);
  TestAgent a(with_root(root_a.path)), b(with_root(root_b.path));
  const std::uint16_t port = free_udp_port();
  v1::RunInfo server;
  BOOST_REQUIRE(start_live(a, tftp_server(port, "30s"), server).ok());
  BOOST_REQUIRE(wait_for_udp_port(port));
  const std::string where = "127.0.0.1:" + std::to_string(port);

  auto got = run_transfer(b, transfer(v1::TFTP_GET, where, "firmware.bin", ""));  // local defaults to the name
  BOOST_TEST(got.live().tftp().sha256() == sha256(file));
  BOOST_TEST(sha256(slurp(root_b.path / "firmware.bin")) == sha256(file));
  auto put = run_transfer(b, transfer(v1::TFTP_PUT, where, "notes.txt", "notes.txt"));
  BOOST_TEST(sha256(slurp(root_a.path / "notes.txt")) == sha256(upload));

  // A real client, the CLI, downloads from the agent's server run.
  auto cli = run_process({udplab_binary(), "tftp", "get", where, "firmware.bin", (cwd.path / "fw.bin").string(), "--sha256", "-q"});
  BOOST_TEST(cli.exit_code == 0, cli.err);
  BOOST_TEST(sha256(slurp(cwd.path / "fw.bin")) == sha256(file));

  v1::RunRef ref;
  ref.set_run_id(server.run_id());
  v1::RunInfo info;
  auto c = a.ctx();
  BOOST_REQUIRE(a.stub->CancelRun(c.get(), ref, &info).ok());
  const auto report = a.wait_report(server.run_id());
  BOOST_TEST((report.info().state() == v1::CANCELLED));
  BOOST_TEST(report.live().tftp_server().transfers_size() == 3);
  std::size_t log_lines = 0;
  for (const auto& e : a.events(server.run_id()))
    if (e.has_workload() && e.workload().kind() == "transfer") {
      ++log_lines;
      BOOST_TEST(e.workload().text().find("127.0.0.1:") == 0u, e.workload().text());
    }
  BOOST_TEST(log_lines == 3u);
}

BOOST_AUTO_TEST_CASE(local_names_that_leave_the_root_are_refused) {
  TempDir root("root"), outside("outside");
  write(outside.path / "secret", "secret");
  fs::create_directory_symlink(outside.path, root.path / "link");
  fs::create_directories(root.path / "dir");
  TestAgent agent(with_root(root.path));
  v1::RunInfo info;
  for (const std::string local : {"../secret", "/etc/passwd", "link/secret", "dir/../../secret"}) {
    auto s = start_live(agent, transfer(v1::TFTP_PUT, "127.0.0.1:6969", "x", local), info);
    BOOST_TEST((s.error_code() == grpc::StatusCode::PERMISSION_DENIED), local << ": " << s.error_message());
    BOOST_TEST(s.error_message().find("tftp_transfer.local") == 0u, s.error_message());
    s = start_live(agent, transfer(v1::TFTP_GET, "127.0.0.1:6969", "x", local), info);
    BOOST_TEST((s.error_code() == grpc::StatusCode::PERMISSION_DENIED), local << ": " << s.error_message());
  }
  // Not a regular file: a directory.
  auto s = start_live(agent, transfer(v1::TFTP_PUT, "127.0.0.1:6969", "x", "dir"), info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::PERMISSION_DENIED), s.error_message());
  s = start_live(agent, transfer(v1::TFTP_PUT, "127.0.0.1:6969", "x", "absent"), info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::NOT_FOUND), s.error_message());
  BOOST_TEST(slurp(outside.path / "secret") == "secret");
  // A live server cannot be given files of its own, and needs a duration within the limit.
  auto req = tftp_server(6969, "30s");
  req.mutable_tftp_server()->mutable_options()->add_files()->set_name("x");
  s = start_live(agent, req, info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::INVALID_ARGUMENT));
  BOOST_TEST(s.error_message().find("tftp_server.options.files") == 0u, s.error_message());
  s = start_live(agent, tftp_server(6969, "11m"), info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED), s.error_message());
  s = start_live(agent, tftp_server(6969, ""), info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::INVALID_ARGUMENT));
  BOOST_TEST(s.error_message().find("tftp_server.duration") == 0u, s.error_message());
  auto bad = transfer(v1::TFTP_GET, "127.0.0.1:6969", "x", "x");
  bad.mutable_tftp_transfer()->mutable_options()->set_mode("binaryish");
  s = start_live(agent, bad, info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::INVALID_ARGUMENT));
  BOOST_TEST(s.error_message().find("tftp_transfer.options.mode") == 0u, s.error_message());
  bad = transfer(v1::TFTP_GET, "127.0.0.1:6969", "x", "x");
  bad.mutable_tftp_transfer()->mutable_options()->set_blksize(7);
  s = start_live(agent, bad, info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::INVALID_ARGUMENT));
  BOOST_TEST(s.error_message() == "tftp_transfer.options.blksize: must be between 8 and 65464");
  bad = transfer(v1::TFTP_OPERATION_UNSPECIFIED, "127.0.0.1:6969", "x", "x");
  s = start_live(agent, bad, info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::INVALID_ARGUMENT));
  BOOST_TEST(s.error_message().find("tftp_transfer.operation") == 0u, s.error_message());
}

BOOST_AUTO_TEST_CASE(a_transfer_is_stopped_at_the_run_limit_and_by_cancel) {
  TempDir root("limit");
  HeldPort silent;  // a "server" that never answers
  auto options = with_root(root.path);
  options.limits.max_run_duration = std::chrono::milliseconds(700);
  TestAgent agent(options);
  const std::string where = "127.0.0.1:" + std::to_string(silent.port());
  v1::RunInfo info;
  BOOST_REQUIRE(start_live(agent, transfer(v1::TFTP_GET, where, "big.iso", "big.iso"), info).ok());
  auto report = agent.wait_report(info.run_id());
  BOOST_TEST((report.info().state() == v1::FAILED));
  BOOST_TEST(report.info().error().find("run limit") != std::string::npos, report.info().error());
  BOOST_TEST(!report.live().tftp().ok());
  BOOST_TEST(!fs::exists(root.path / "big.iso"));

  TestAgent patient(with_root(root.path));
  BOOST_REQUIRE(start_live(patient, transfer(v1::TFTP_GET, where, "big.iso", "big.iso"), info).ok());
  v1::RunRef ref;
  ref.set_run_id(info.run_id());
  auto c = patient.ctx();
  BOOST_REQUIRE(patient.stub->CancelRun(c.get(), ref, &info).ok());
  report = patient.wait_report(info.run_id());
  BOOST_TEST((report.info().state() == v1::CANCELLED));
  BOOST_TEST(!fs::exists(root.path / "big.iso"));
  BOOST_TEST(no_temp_files(root.path));
}

BOOST_AUTO_TEST_CASE(without_a_root_tftp_runs_are_refused) {
  TestAgent agent;
  v1::RunInfo info;
  auto s = start_live(agent, transfer(v1::TFTP_GET, "127.0.0.1:6969", "x", "x"), info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::FAILED_PRECONDITION));
  BOOST_TEST(s.error_message().find("--tftp-root") != std::string::npos, s.error_message());
  s = start_live(agent, tftp_server(6969, "10s"), info);
  BOOST_TEST((s.error_code() == grpc::StatusCode::FAILED_PRECONDITION));
  v1::ServerInfo server_info;
  auto c = agent.ctx();
  BOOST_REQUIRE(agent.stub->GetServerInfo(c.get(), {}, &server_info).ok());
  BOOST_TEST(!server_info.tftp_root_configured());
  std::set<std::string> caps(server_info.capabilities().begin(), server_info.capabilities().end());
  BOOST_TEST(caps.count("live.discover") == 1u);
  BOOST_TEST(caps.count("live.tftp_transfer") == 0u);

  TempDir root("caps");
  TestAgent with(with_root(root.path));
  auto c2 = with.ctx();
  BOOST_REQUIRE(with.stub->GetServerInfo(c2.get(), {}, &server_info).ok());
  BOOST_TEST(server_info.tftp_root_configured());
  caps = {server_info.capabilities().begin(), server_info.capabilities().end()};
  BOOST_TEST(caps.count("live.tftp_transfer") == 1u);
  BOOST_TEST(caps.count("live.tftp_server") == 1u);
}

BOOST_AUTO_TEST_CASE(discovery_finds_another_agents_echo_server) {
  TestAgent a, b;
  const std::uint16_t port = free_udp_port();
  v1::StartLiveRequest serve;
  auto* s = serve.mutable_echo_server();
  s->mutable_options()->set_port(port);
  s->mutable_options()->set_name("agent-a-echo");
  s->set_bind("0.0.0.0");  // a socket bound to 127.0.0.1 does not receive broadcasts
  s->set_duration("30s");
  v1::RunInfo server, discover;
  BOOST_REQUIRE(start_live(a, serve, server).ok());
  BOOST_REQUIRE(wait_for_udp_port(port));

  v1::StartLiveRequest req;
  auto* o = req.mutable_discover()->mutable_options();
  o->add_to("127.255.255.255");
  o->set_port(port);
  o->set_timeout("500ms");
  BOOST_REQUIRE(start_live(b, req, discover).ok());
  bool found_event = false;
  for (const auto& e : b.events(discover.run_id()))
    found_event |= e.has_workload() && e.workload().kind() == "found" &&
                   e.workload().json().find("\"name\":\"agent-a-echo\"") != std::string::npos;
  BOOST_TEST(found_event);
  const auto report = b.wait_report(discover.run_id());
  BOOST_TEST((report.info().state() == v1::SUCCEEDED));
  BOOST_REQUIRE_EQUAL(report.live().discover().responders_size(), 1);
  BOOST_TEST(report.live().discover().responders(0).name() == "agent-a-echo");
  BOOST_TEST(report.live().discover().responders(0).address() == "127.0.0.1:" + std::to_string(port));

  // Bad input names the field; a discovery longer than the limit is refused.
  o->set_probes(100000);
  v1::RunInfo info;
  auto st = start_live(b, req, info);
  BOOST_TEST((st.error_code() == grpc::StatusCode::INVALID_ARGUMENT || st.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED),
             st.error_message());
  o->set_probes(1);
  o->set_timeout("20m");
  st = start_live(b, req, info);
  BOOST_TEST((st.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED), st.error_message());
  o->set_timeout("soon");
  st = start_live(b, req, info);
  BOOST_TEST((st.error_code() == grpc::StatusCode::INVALID_ARGUMENT));
  BOOST_TEST(st.error_message().find("discover.options.timeout") == 0u, st.error_message());

  v1::RunRef ref;
  ref.set_run_id(server.run_id());
  auto c = a.ctx();
  BOOST_REQUIRE(a.stub->CancelRun(c.get(), ref, &info).ok());
  BOOST_TEST(a.wait_report(server.run_id()).live().echo_server().discovery_answered() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
