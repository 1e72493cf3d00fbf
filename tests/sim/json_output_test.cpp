// Names a scenario chose reach trace.jsonl and report.json as valid JSON, whatever their bytes: a
// host name with control characters, quotes and backslashes is one field that parses back to
// itself.
#include <boost/test/unit_test.hpp>

#include <set>
#include <sstream>
#include <string>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "report/json.hpp"
#include "support/traced_run.hpp"

using namespace udplab;

namespace {

// The host name below, as the scenario's text format escapes spell it.
const std::string kOddName = std::string("cli\x01") + "\"ent\\\n\t\x1b[2J";

constexpr const char* kScenario = R"(
name: "odd-host-name"
seed: 3
duration: "2s"
hosts { name: "cli\001\"ent\\\n\t\033[2J" }
hosts { name: "server" }
links {
  name: "wan"
  a: "cli\001\"ent\\\n\t\033[2J"
  a_address: "10.0.0.1/24"
  b: "server"
  b_address: "10.0.0.2/24"
  a_to_b { delay: "5ms" loss_percent: 30 }
  b_to_a { delay: "5ms" }
}
workloads { host: "server" echo_server { port: 7 } }
workloads { host: "cli\001\"ent\\\n\t\033[2J" echo_ping { target: "10.0.0.2:7" count: 20 interval: "10ms" } }
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(json_output_test)

BOOST_AUTO_TEST_CASE(a_host_name_with_control_characters_round_trips) {
  const auto run = test::run_traced(kScenario, "odd-host-name");
  BOOST_REQUIRE(run.report.workloads_size() == 2);
  BOOST_REQUIRE(run.report.workloads(1).host() == kOddName);

  std::istringstream lines(run.trace_jsonl);
  std::set<std::string> places;
  std::size_t parsed = 0;
  for (std::string line; std::getline(lines, line); ++parsed) {
    google::protobuf::Struct event;
    auto status = google::protobuf::util::JsonStringToMessage(line, &event);
    BOOST_REQUIRE_MESSAGE(status.ok(), status.ToString() << " in " << line);
    places.insert(event.fields().at("where").string_value());
  }
  BOOST_TEST(parsed == run.trace_lines);
  BOOST_TEST(parsed > 10u);
  BOOST_TEST(places.count(kOddName) == 1u, "no trace line at the host itself");
  BOOST_TEST(places.count(kOddName + "->wan") == 1u, "no loss on the host's link");

  v1::SimulationReport back;
  auto status = google::protobuf::util::JsonStringToMessage(report::to_json(run.report), &back);
  BOOST_REQUIRE_MESSAGE(status.ok(), status.ToString());
  BOOST_REQUIRE(back.workloads_size() == 2);
  BOOST_TEST(back.workloads(1).host() == kOddName);
  BOOST_TEST(back.workloads(1).echo_ping().received() == run.report.workloads(1).echo_ping().received());
  BOOST_TEST(back.workloads(1).echo_ping().received() > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
