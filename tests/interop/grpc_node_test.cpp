// The control plane against an independent gRPC client: Node.js with @grpc/grpc-js and
// @grpc/proto-loader (installed by `tools/bootstrap.sh test` into tests/interop/grpc_node).
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "support/cli_helpers.hpp"

using namespace udplab::test;

namespace {

const std::filesystem::path kClientDir = std::filesystem::path(UDPLAB_SOURCE_DIR) / "tests/interop/grpc_node";

bool node_client_available() {
  if (have_program("node") && std::filesystem::exists(kClientDir / "node_modules/@grpc/grpc-js")) return true;
  BOOST_TEST_REQUIRE(!peers_required(), "node and the npm packages are required (run `npm ci` in " << kClientDir << ")");
  BOOST_TEST_MESSAGE("node or its gRPC packages are missing; skipped");
  return false;
}

std::uint16_t agent_port(BackgroundProcess& agent) {
  auto line = agent.read_line();
  BOOST_REQUIRE_MESSAGE(line, "the agent printed nothing");
  const std::string prefix = "udplab agent listening on 127.0.0.1:";
  BOOST_REQUIRE_MESSAGE(line->rfind(prefix, 0) == 0, *line);
  return static_cast<std::uint16_t>(std::stoi(line->substr(prefix.size())));
}

void run_client(const std::vector<std::string>& agent_extra, const std::string& token) {
  std::vector<std::string> args{udplab_binary(), "serve", "--listen", "127.0.0.1:0"};
  args.insert(args.end(), agent_extra.begin(), agent_extra.end());
  BackgroundProcess agent(args);
  const auto port = agent_port(agent);
  std::vector<std::string> client{"node", (kClientDir / "control_client_test.js").string(), "--address",
                                  "127.0.0.1:" + std::to_string(port), "--proto-dir",
                                  (std::filesystem::path(UDPLAB_SOURCE_DIR) / "proto").string()};
  if (!token.empty()) client.insert(client.end(), {"--token", token});
  auto r = run_process(client, std::chrono::seconds(120));
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(r.out.find("ok: ") == 0u, r.out);
  auto stopped = agent.stop(SIGTERM);
  BOOST_TEST(stopped.exit_code == 0, stopped.err);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(grpc_node_test)

BOOST_AUTO_TEST_CASE(node_client_without_token) {
  if (node_client_available()) run_client({}, "");
}

BOOST_AUTO_TEST_CASE(node_client_with_token) {
  if (!node_client_available()) return;
  const auto file = std::filesystem::temp_directory_path() / ("udplab-token-" + std::to_string(::getpid()));
  {
    std::ofstream f(file);
    f << "node-test-token-0123456789\n";
  }
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  run_client({"--token-file", file.string()}, "node-test-token-0123456789");
  std::filesystem::remove(file);
}

BOOST_AUTO_TEST_SUITE_END()
