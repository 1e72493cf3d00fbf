#include <boost/test/unit_test.hpp>

#include <google/protobuf/util/json_util.h>

#include "report/json.hpp"
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
  BOOST_TEST(report::json_string(std::string("a\x01z")) == "\"a\\u0001z\"");
  BOOST_TEST(report::json_number(0.1) == "0.1");
  BOOST_TEST(report::json_number(1.0 / 0.0) == "null");
}

BOOST_AUTO_TEST_SUITE_END()
