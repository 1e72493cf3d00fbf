// udplab sim: the README's main job, its outputs and its determinism, through the binary.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <google/protobuf/util/json_util.h>

#include "support/cli_helpers.hpp"
#include "udplab/v1/report.pb.h"

using namespace udplab;
using namespace udplab::test;

namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

BOOST_AUTO_TEST_SUITE(cli_sim_test)

BOOST_AUTO_TEST_CASE(default_run_prints_a_readable_report) {
  auto r = run_udplab({"sim"});
  BOOST_TEST(r.exit_code == 0, r.err);
  for (const char* part : {"== tftp-over-lossy-link (seed 1) ==", "get firmware.bin: 131072 bytes", "windowsize 8", "echo statistics", "sent,", "received,", "% lost", "reordered",
                           "rtt min/avg/max/mdev", "rtt p50/p90/p99", "links (per direction):", "events, sha256"})
    BOOST_TEST(r.out.find(part) != std::string::npos, part);
  BOOST_TEST(r.err.empty(), r.err);  // no progress noise when stderr is not a terminal
}

BOOST_AUTO_TEST_CASE(same_seed_same_output_other_seed_other_output) {
  auto a = run_udplab({"sim"});
  auto b = run_udplab({"sim"});
  auto c = run_udplab({"sim", "--seed", "2"});
  BOOST_TEST(a.out == b.out);
  BOOST_TEST(a.out != c.out);
  BOOST_TEST(c.out.find("(seed 2)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(out_dir_and_json) {
  const std::filesystem::path dir = "cli_sim_test_out";
  std::filesystem::remove_all(dir);
  auto r = run_udplab({"sim", "--out", dir.string(), "--json"});
  BOOST_TEST(r.exit_code == 0, r.err);
  v1::SimulationReport from_stdout, from_file;
  BOOST_REQUIRE(google::protobuf::util::JsonStringToMessage(r.out, &from_stdout).ok());
  BOOST_REQUIRE(google::protobuf::util::JsonStringToMessage(slurp(dir / "report.json"), &from_file).ok());
  BOOST_TEST(from_stdout.trace_sha256() == from_file.trace_sha256());
  BOOST_REQUIRE_EQUAL(from_stdout.workloads_size(), 5);
  BOOST_TEST(from_stdout.workloads(4).tftp().verified());
  const auto& ping = from_stdout.workloads(1).echo_ping();
  BOOST_TEST(ping.sent() == 200u);
  BOOST_TEST(ping.received() + ping.lost() == 200u);
  BOOST_TEST(ping.lost() > 0u);       // 5% loss each way: all 200 surviving would be a 1e-9 event
  BOOST_TEST(ping.reordered() > 0u);
  const std::string trace = slurp(dir / "trace.jsonl");
  BOOST_TEST(slurp(dir / "sequence.svg").find("<svg") != std::string::npos);
  BOOST_TEST(slurp(dir / "report.html").find("<h2>Sequence</h2>") != std::string::npos);
  BOOST_TEST(slurp(dir / "trace.pcap").size() > 1000u);
  BOOST_TEST(count_lines(trace) > 500u);
  BOOST_TEST(trace.find("\"reason\":\"loss\"") != std::string::npos);
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(scenario_files_run_and_show) {
  auto shown = run_udplab({"sim", "--show-scenario"});
  BOOST_TEST(shown.exit_code == 0);
  BOOST_TEST(shown.out.find("name: \"tftp-over-lossy-link\"") != std::string::npos);
  const std::string path = std::string(UDPLAB_SOURCE_DIR) + "/scenarios/tftp-over-lossy-link.textproto";
  auto from_file = run_udplab({"sim", path});
  auto built_in = run_udplab({"sim"});
  BOOST_TEST(from_file.exit_code == 0);
  // The file and the embedded copy are the same experiment.
  BOOST_TEST(from_file.out == built_in.out);
}

BOOST_AUTO_TEST_SUITE_END()
