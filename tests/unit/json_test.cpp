#include <boost/test/unit_test.hpp>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "report/json.hpp"
#include "text/json.hpp"
#include "udplab/v1/report.pb.h"

using namespace udplab;

BOOST_AUTO_TEST_SUITE(json_test)

BOOST_AUTO_TEST_CASE(sixty_four_bit_counters_are_numbers) {
  v1::EchoPingReport r;
  r.set_target("10.0.0.2:7");
  r.set_sent(9'007'199'254'740'993ull);
  r.set_loss_percent(12.5);
  const std::string json = report::to_json(r, false);
  BOOST_TEST(json.find("\"sent\":9007199254740993") != std::string::npos, json);
  BOOST_TEST(json.find("\"loss_percent\":12.5") != std::string::npos, json);
  BOOST_TEST(json.find("\"received\":0") != std::string::npos, json);  // defaults are printed
  BOOST_TEST(json.find("\"rtt\":{") != std::string::npos, json);
}

BOOST_AUTO_TEST_CASE(protobuf_parses_it_back) {
  v1::SimulationReport r;
  r.set_scenario("quote\" and \\ and \n newline");
  auto* w = r.add_workloads();
  w->set_name("w");
  w->mutable_echo_ping()->set_sent(5);
  const std::string json = report::to_json(r);
  v1::SimulationReport back;
  auto status = google::protobuf::util::JsonStringToMessage(json, &back);
  BOOST_REQUIRE_MESSAGE(status.ok(), status.ToString());
  BOOST_TEST(back.scenario() == r.scenario());
  BOOST_TEST(back.workloads(0).echo_ping().sent() == 5u);
  BOOST_TEST(back.workloads(0).result_case() == v1::WorkloadReport::kEchoPing);
}

BOOST_AUTO_TEST_CASE(escapes_control_characters) {
  BOOST_TEST(text::json_string(std::string("a\x01z")) == "\"a\\u0001z\"");
  BOOST_TEST(text::json_string("tab\tcr\rlf\n\x1f\x7f") == "\"tab\\tcr\\rlf\\n\\u001f\x7f\"");
  BOOST_TEST(text::json_string("\"q\" \\") == "\"\\\"q\\\" \\\\\"");
  BOOST_TEST(text::json_number(0.1) == "0.1");
  BOOST_TEST(text::json_number(1.0 / 0.0) == "null");
}

// Every byte a string can hold comes back from a JSON parser as it went in (RFC 8259: control
// characters must be escaped; UTF-8 may stay as it is).
BOOST_AUTO_TEST_CASE(every_control_character_round_trips_through_a_json_parser) {
  std::string all = "\u65e5\u00fc \u202e";
  for (int c = 0; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  const std::string json = text::json_string(all);
  for (char c : json) BOOST_TEST((static_cast<unsigned char>(c) >= 0x20), "raw control byte in " << json);
  google::protobuf::Value back;
  auto status = google::protobuf::util::JsonStringToMessage(json, &back);
  BOOST_REQUIRE_MESSAGE(status.ok(), status.ToString());
  BOOST_TEST(back.string_value() == all);
}

BOOST_AUTO_TEST_CASE(bytes_that_are_not_utf8_become_replacement_characters) {
  BOOST_TEST(text::json_string("a\xff" "b") == "\"a\\ufffdb\"");
  BOOST_TEST(text::json_string("\xe6\x97") == "\"\\ufffd\\ufffd\"");      // cut short
  BOOST_TEST(text::json_string("\xc0\xaf") == "\"\\ufffd\\ufffd\"");      // overlong '/'
  BOOST_TEST(text::json_string("\xf0\x9f\x98\x80") == "\"\xf0\x9f\x98\x80\"");  // U+1F600 stays
}

BOOST_AUTO_TEST_CASE(objects_are_one_line_in_the_order_written) {
  text::JsonObject o;
  o.string("event", "found").number("seq", std::uint64_t{18'446'744'073'709'551'615u}).number("delta", -3);
  o.number("rtt_ms", 1.5).boolean("late", false).raw("report", R"({"a":1})").string("name", "x\ny");
  const std::string json = o.take();
  BOOST_TEST(json == R"({"event":"found","seq":18446744073709551615,"delta":-3,"rtt_ms":1.5,"late":false,"report":{"a":1},"name":"x\ny"})");
  BOOST_TEST(text::JsonObject().take() == "{}");
  google::protobuf::Struct back;
  auto status = google::protobuf::util::JsonStringToMessage(json, &back);
  BOOST_REQUIRE_MESSAGE(status.ok(), status.ToString());
  BOOST_TEST(back.fields().at("name").string_value() == "x\ny");
  BOOST_TEST(back.fields().at("report").struct_value().fields().at("a").number_value() == 1.0);
}

BOOST_AUTO_TEST_SUITE_END()
