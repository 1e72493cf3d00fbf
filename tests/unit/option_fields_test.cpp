// An engine's refused configuration value, named in each front end's words: the library gives the
// field as a value (util::ConfigError), a scenario names the option's path and no CLI flag (the CLI
// side is tests/cli), and no message in lib/ or netsim/ spells a flag of the CLI.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

#include "scenario/load.hpp"
#include "options/option_fields.hpp"
#include "scenario/plan.hpp"

using namespace udplab;
using namespace udplab::scenario;
using udplab::options::proto_field;
using namespace std::chrono_literals;

namespace {

// The compile error of one workload on host "h" ("" if it compiles).
std::string error_of(const std::string& workload) {
  const std::string text = "hosts { name: \"h\" }\n"
                           "segments { name: \"lan\" members { host: \"h\" address: \"10.0.0.1/24\" } }\n"
                           "workloads { host: \"h\" " + workload + " }\n";
  auto loaded = parse_scenario(text, "t.textproto");
  if (!loaded) return loaded.error();
  auto plan = compile(loaded->scenario);
  return plan ? "" : loaded->locate(plan.error().path, plan.error().message);
}

struct Case {
  const char* workload;
  const char* expected;  // "PATH: REASON" as the scenario user reads it
};

// One bad value per field kind of every engine validate() checks.
const Case kCases[] = {
    {"echo_ping { target: \"10.0.0.2\" size: 4 }", "workloads[0].echo_ping.size: must be between 32 and 65507 bytes"},
    {"echo_ping { target: \"10.0.0.2\" flood: true window: 40000 }",
     "workloads[0].echo_ping.window: must be between 1 and 32768"},
    {"request { target: \"10.0.0.2:7\" initial: \"3s\" }",
     "workloads[0].request.initial: (3s) must not be longer than max_wait (2s)"},
    {"request { target: \"10.0.0.2:7\" initial: \"1ms\" factor: 1.01 max_wait: \"10s\" }",
     "workloads[0].request.factor: is too close to 1: more than 100 attempts before max_wait"},
    {"broadcast_send { count: 2 interval: \"0s\" }", "workloads[0].broadcast_send.interval: must be positive"},
    {"discover { probes: 500 }", "workloads[0].discover.probes: must be between 1 and 100"},
    {"chat_room { capacity: 5000 }", "workloads[0].chat_room.capacity: must be between 1 and 1000"},
    {"chat_client { peer: \"10.0.0.9:7070\" reorder_window: \"0s\" }",
     "workloads[0].chat_client.reorder_window: must be positive"},
    {"tftp_get { server: \"10.0.0.2\" remote: \"f\" blksize: 7 }",
     "workloads[0].tftp_get.blksize: must be between 8 and 65464"},
    {"tftp_get { server: \"10.0.0.2\" remote: \"f\" timeout_option: 300 }",
     "workloads[0].tftp_get.timeout_option: must be between 1 and 255 seconds"},
    {"tftp_put { server: \"10.0.0.2\" remote: \"f\" blksize: 65464 windowsize: 65535 }",
     "workloads[0].tftp_put.windowsize: times blksize must stay within 64 MiB"},
    {"tftp_get { server: \"10.0.0.2\" }", "workloads[0].tftp_get.remote: is empty"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(option_fields_test)

BOOST_AUTO_TEST_CASE(a_scenario_names_the_option_path_and_no_flag) {
  for (const auto& c : kCases) {
    const std::string e = error_of(c.workload);
    BOOST_TEST(e.find(std::string("field ") + c.expected) != std::string::npos, c.workload << " -> " << e);
    BOOST_TEST(e.find("--") == std::string::npos, e);
  }
}

BOOST_AUTO_TEST_CASE(the_library_gives_the_field_as_a_value) {
  echo::PingConfig ping;
  ping.flood = true;
  ping.window = 40000;
  auto bad = echo::validate(ping);
  BOOST_REQUIRE(bad.has_value());
  BOOST_TEST((bad->field == echo::PingField::window));
  BOOST_TEST(bad->why == "must be between 1 and 32768");
  BOOST_TEST(!bad->other.has_value());
}

BOOST_AUTO_TEST_CASE(a_second_field_is_named_in_each_front_ends_words) {
  auto bad = request::validate({.initial = 3s, .max_wait = 2s});
  BOOST_REQUIRE(bad.has_value());
  auto flag = [](request::BackoffField f) { return f == request::BackoffField::initial ? "--initial" : "--max-wait"; };
  BOOST_TEST(util::describe(*bad, flag) == "--initial (3s) must not be longer than --max-wait (2s)");
  auto field = [](request::BackoffField f) { return proto_field(f); };
  BOOST_TEST(util::reason(*bad, field) == "(3s) must not be longer than max_wait (2s)");
}

// Flags belong to tools/udplab; the agent's messages (lib/control) may name the agent's own
// settings, and lib/sweep parses the syntax of the CLI's own --vary and --shard.
BOOST_AUTO_TEST_CASE(no_string_in_lib_or_netsim_names_a_cli_flag) {
  namespace fs = std::filesystem;
  const fs::path root = UDPLAB_SOURCE_DIR;
  const std::regex literal(R"("(?:[^"\\]|\\.)*")");
  const std::regex flag(R"(--[a-z])");
  std::size_t files = 0;
  for (const char* dir : {"lib", "netsim"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      const fs::path& p = entry.path();
      if (p.extension() != ".cpp" && p.extension() != ".hpp") continue;
      const std::string rel = fs::relative(p, root).generic_string();
      if (rel.starts_with("lib/control/") || rel.starts_with("lib/sweep/")) continue;
      ++files;
      std::ifstream in(p);
      std::string line;
      for (int n = 1; std::getline(in, line); ++n) {
        const auto code = line.find_first_not_of(' ');
        if (code != std::string::npos && line.compare(code, 2, "//") == 0) continue;
        for (std::sregex_iterator m(line.begin(), line.end(), literal), end; m != end; ++m)
          BOOST_TEST(!std::regex_search(m->str(), flag), rel << ":" << n << ": " << m->str());
      }
    }
  }
  BOOST_TEST(files > 100u);
}

BOOST_AUTO_TEST_SUITE_END()
