#include <boost/test/unit_test.hpp>

#include "scenario/embedded.hpp"
#include "scenario/load.hpp"
#include "scenario/plan.hpp"

using namespace udplab::scenario;

namespace {

const char* kBase = R"(
name: "t"
hosts { name: "a" }
hosts { name: "b" }
links { a: "a" a_address: "10.0.0.1/24" b: "b" b_address: "10.0.0.2/24" }
workloads { host: "b" echo_server {} }
)";

// Loads kBase + extra and compiles it; returns the error text (empty when it is valid).
std::string error_of(const std::string& extra) {
  auto loaded = parse_scenario(std::string(kBase) + extra, "test.textproto");
  if (!loaded) return loaded.error();
  auto plan = compile(loaded->scenario);
  if (!plan) return loaded->locate(plan.error().path, plan.error().message);
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scenario_load_test)

BOOST_AUTO_TEST_CASE(the_embedded_default_is_valid) {
  auto loaded = parse_scenario(std::string(default_scenario_text()), "default");
  BOOST_REQUIRE(loaded);
  auto plan = compile(loaded->scenario);
  BOOST_REQUIRE(plan);
  BOOST_TEST(plan->name == std::string(default_scenario_name()));
  BOOST_TEST(plan->segments.size() == 1u);
  BOOST_TEST(plan->workloads.size() == 5u);
}

BOOST_AUTO_TEST_CASE(syntax_errors_name_file_and_line) {
  auto loaded = parse_scenario("name: \"x\"\nhosts { nme: \"a\" }\n", "bad.textproto");
  BOOST_REQUIRE(!loaded);
  BOOST_TEST(loaded.error().find("bad.textproto:2:") == 0u);
  BOOST_TEST(loaded.error().find("nme") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(semantic_errors_name_file_line_and_field) {
  // Line numbers count from the start of kBase (which begins with a newline).
  std::string e = error_of("workloads { host: \"c\" echo_server {} }\n");
  BOOST_TEST(e.find("test.textproto:7:") == 0u, e);
  BOOST_TEST(e.find("field workloads[1].host") != std::string::npos, e);
  BOOST_TEST(e.find("unknown host 'c'") != std::string::npos, e);

  e = error_of("workloads {\n host: \"a\"\n echo_ping { target: \"10.0.0.2:99999\" }\n}\n");
  BOOST_TEST(e.find("test.textproto:9:") == 0u, e);
  BOOST_TEST(e.find("workloads[1].echo_ping.target") != std::string::npos, e);

  e = error_of("links { name: \"l1\" a: \"a\" a_address: \"10.1.0.1/24\" b: \"b\" b_address: \"10.1.0.2/24\" a_to_b { loss_percent: 150 } }\n");
  BOOST_TEST(e.find("links[1].a_to_b.loss_percent") != std::string::npos, e);
  BOOST_TEST(e.find("percentage") != std::string::npos, e);

  e = error_of("links { name: \"l2\" a: \"a\" a_address: \"10.2.0.1/24\" b: \"b\" b_address: \"10.2.0.2/24\" a_to_b { delay: \"soon\" } }\n");
  BOOST_TEST(e.find("links[1].a_to_b.delay") != std::string::npos, e);

  e = error_of("hosts { name: \"a\" }\n");
  BOOST_TEST(e.find("duplicate host name 'a'") != std::string::npos, e);

  e = error_of("links { name: \"l3\" a: \"a\" a_address: \"10.0.0.1/24\" b: \"b\" b_address: \"10.0.0.9/24\" }\n");
  BOOST_TEST(e.find("used twice") != std::string::npos, e);

  e = error_of("workloads { host: \"a\" }\n");
  BOOST_TEST(e.find("no engine") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(a_valid_scenario_compiles) { BOOST_TEST(error_of("") == ""); }

BOOST_AUTO_TEST_CASE(messages_without_text_still_name_the_field) {
  udplab::v1::Scenario s;
  s.add_hosts()->set_name("a");
  s.add_workloads()->set_host("zz");
  auto loaded = from_message(s, "<request>");
  auto plan = compile(loaded.scenario);
  BOOST_REQUIRE(!plan);
  BOOST_TEST(loaded.locate(plan.error().path, plan.error().message) == "<request>: field workloads[0].host: unknown host 'zz'");
}

BOOST_AUTO_TEST_SUITE_END()
