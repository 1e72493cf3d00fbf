// Scenario workloads of the request, broadcast, discovery and chat engines: defaults and errors.
#include <boost/test/unit_test.hpp>

#include "scenario/load.hpp"
#include "scenario/plan.hpp"

using namespace udplab;
using namespace udplab::scenario;
using namespace std::chrono_literals;

namespace {

// One host "h" on a segment, plus the given workloads.
std::expected<Plan, std::string> compile_with(const std::string& workloads) {
  const std::string text = "hosts { name: \"h\" }\n"
                           "segments { name: \"lan\" members { host: \"h\" address: \"10.0.0.1/24\" } }\n" +
                           workloads;
  auto loaded = parse_scenario(text, "t.textproto");
  if (!loaded) return std::unexpected(loaded.error());
  auto plan = compile(loaded->scenario);
  if (!plan) return std::unexpected(loaded->locate(plan.error().path, plan.error().message));
  return std::move(*plan);
}

template <class P>
P only_engine(const std::string& workloads) {
  auto plan = compile_with(workloads);
  if (!plan) BOOST_FAIL(plan.error());
  BOOST_REQUIRE_EQUAL(plan->workloads.size(), 1u);
  const auto* p = std::get_if<P>(&plan->workloads[0].engine);
  BOOST_REQUIRE(p != nullptr);
  return *p;
}

std::string error_of(const std::string& workloads) {
  auto plan = compile_with(workloads);
  return plan ? "" : plan.error();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scenario_engines_test)

BOOST_AUTO_TEST_CASE(request_defaults_are_the_cli_defaults) {
  auto p = only_engine<RequestPlan>("workloads { host: \"h\" request { target: \"10.0.0.2:7\" } }");
  BOOST_TEST(p.config.target.to_string() == "10.0.0.2:7");
  BOOST_TEST(p.config.backoff.initial == Duration(100ms));
  BOOST_TEST(p.config.backoff.factor == 2.0);
  BOOST_TEST(p.config.backoff.max_wait == Duration(2s));
  BOOST_TEST(!p.config.backoff.jitter);
  BOOST_TEST(p.config.message.size() == 7u);  // "request"
  auto named = compile_with("workloads { host: \"h\" request { target: \"10.0.0.2:7\" } }");
  BOOST_TEST(named->workloads[0].name == "request@h");
}

BOOST_AUTO_TEST_CASE(request_errors_name_the_field) {
  auto e = error_of("workloads { host: \"h\" request { } }");
  BOOST_TEST(e.find("field workloads[0].request.target: an address") != std::string::npos, e);
  e = error_of("workloads { host: \"h\" request { target: \"10.0.0.2\" } }");
  BOOST_TEST(e.find("request.target: missing port") != std::string::npos, e);
  e = error_of("workloads { host: \"h\" request { target: \"10.0.0.2:7\" initial: \"later\" } }");
  BOOST_TEST(e.find("request.initial") != std::string::npos, e);
  e = error_of("workloads { host: \"h\" request { target: \"10.0.0.2:7\" factor: 0.5 } }");
  BOOST_TEST(e.find("t.textproto:3:") == 0u, e);
  BOOST_TEST(e.find("field workloads[0].request.factor: must be above 1 and at most 100") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(broadcast_and_discover_defaults) {
  auto send = only_engine<options::BroadcastSendSettings>("workloads { host: \"h\" broadcast_send { } }");
  BOOST_TEST(send.targets.to.empty());  // resolved on the host: its interfaces' broadcast addresses
  BOOST_TEST(!send.targets.limited);
  BOOST_TEST(send.targets.port == 7071u);
  BOOST_TEST(send.config.count == 1u);
  auto listen = only_engine<options::BroadcastListenSettings>("workloads { host: \"h\" broadcast_listen { count: 3 } }");
  BOOST_TEST(listen.port == 7071u);
  BOOST_TEST(listen.config.count == 3u);
  auto d = only_engine<options::DiscoverSettings>("workloads { host: \"h\" discover { to: \"10.0.9.255\" probes: 2 } }");
  BOOST_TEST(d.targets.port == 7u);
  BOOST_TEST(d.targets.to.at(0).to_string() == "10.0.9.255");
  BOOST_TEST(d.config.probes == 2u);
  BOOST_TEST(d.config.timeout == Duration(1s));
}

BOOST_AUTO_TEST_CASE(echo_servers_answer_discovery_with_the_host_name) {
  auto s = only_engine<options::EchoServerSettings>("workloads { host: \"h\" echo_server { } }");
  BOOST_REQUIRE(s.config.discovery.has_value());
  BOOST_TEST(s.config.discovery->name() == "h");
  s = only_engine<options::EchoServerSettings>("workloads { host: \"h\" echo_server { name: \"lab\" } }");
  BOOST_TEST(s.config.discovery->name() == "lab");
  auto e = error_of("workloads { host: \"h\" echo_server { name: \"bad\\033name\" } }");
  BOOST_TEST(e.find("echo_server.name: a discovery name") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(broadcast_and_discover_errors) {
  auto e = error_of("workloads { host: \"h\" broadcast_send { to: \"ff02::1\" } }");
  BOOST_TEST(e.find("broadcast_send.to[0]: IPv6 has no broadcast") != std::string::npos, e);
  e = error_of("workloads { host: \"h\" broadcast_send { to: \"10.0.0.255\" limited: true } }");
  BOOST_TEST(e.find("broadcast_send.limited") != std::string::npos, e);
  e = error_of("workloads { host: \"h\" broadcast_listen { port: 70000 } }");
  BOOST_TEST(e.find("broadcast_listen.port") != std::string::npos, e);
  e = error_of("workloads { host: \"h\" discover { probes: 500 } }");
  BOOST_TEST(e.find("discover.probes: must be between 1 and 100") != std::string::npos, e);
  e = error_of("workloads { host: \"h\" discover { to: \"nowhere\" } }");
  BOOST_TEST(e.find("discover.to[0]") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(chat_defaults_and_script) {
  auto room = only_engine<options::ChatRoomSettings>("workloads { host: \"h\" chat_room { } }");
  BOOST_TEST(room.port == 7070);
  BOOST_TEST(room.config.idle_timeout == Duration(120s));
  BOOST_TEST(room.config.capacity == 64u);
  BOOST_REQUIRE(room.config.discovery);
  auto c = only_engine<options::ChatClientSettings>(
      "workloads { host: \"h\" chat_client { peer: \"10.0.0.9:7070\" nick: \"ann\" lines: \"hi\" lines: \"/who\" "
      "count: 2 interval: \"50ms\" } }");
  BOOST_TEST(c.port == 0);
  BOOST_TEST(c.config.linger == Duration(1s));
  BOOST_TEST(c.config.reorder_window == Duration(500ms));
  BOOST_REQUIRE_EQUAL(c.steps.size(), 5u);  // hi, /who, "ann 1", wait 50 ms, "ann 2"
  BOOST_TEST(std::get<chat::step::Say>(c.steps[0]).text == "hi");
  BOOST_TEST(std::holds_alternative<chat::step::Who>(c.steps[1]));
  BOOST_TEST(std::get<chat::step::Say>(c.steps[2]).text == "ann 1");
  BOOST_TEST(std::get<chat::step::Wait>(c.steps[3]).time == Duration(50ms));
  BOOST_TEST(std::get<chat::step::Say>(c.steps[4]).text == "ann 2");
}

BOOST_AUTO_TEST_CASE(chat_errors_name_the_field) {
  auto e = error_of("workloads { host: \"h\" chat_client { } }");
  BOOST_TEST(e.find("chat_client.peer") != std::string::npos, e);
  e = error_of("workloads { host: \"h\" chat_client { peer: \"10.0.0.9:7070\" lines: \"ok\" lines: \"/shout\" } }");
  BOOST_TEST(e.find("chat_client.lines: line 2: unknown command /shout") != std::string::npos, e);
  e = error_of("workloads { host: \"h\" chat_client { peer: \"10.0.0.9:7070\" nick: \"two words\" } }");
  BOOST_TEST(e.find("chat_client.nick: must be 1-32 bytes") != std::string::npos, e);
  e = error_of("workloads { host: \"h\" chat_room { capacity: 5000 } }");
  BOOST_TEST(e.find("chat_room.capacity: must be between 1 and 1000") != std::string::npos, e);
  e = error_of("workloads { host: \"h\" chat_room { idle_timeout: \"soon\" } }");
  BOOST_TEST(e.find("chat_room.idle_timeout") != std::string::npos, e);
}

BOOST_AUTO_TEST_SUITE_END()
