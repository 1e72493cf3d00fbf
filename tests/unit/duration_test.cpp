#include <boost/test/unit_test.hpp>

#include "util/duration.hpp"

using namespace std::chrono_literals;
using udplab::util::format_duration;
using udplab::util::parse_duration;

BOOST_AUTO_TEST_SUITE(duration_test)

BOOST_AUTO_TEST_CASE(parses_units) {
  BOOST_TEST(parse_duration("250ms")->count() == 250'000'000);
  BOOST_TEST(parse_duration("1.5s")->count() == 1'500'000'000);
  BOOST_TEST(parse_duration("0.2")->count() == 200'000'000);
  BOOST_TEST(parse_duration("20us")->count() == 20'000);
  BOOST_TEST(parse_duration("7ns")->count() == 7);
  BOOST_TEST(parse_duration("2m")->count() == 120'000'000'000);
  BOOST_TEST(parse_duration("0.001ms")->count() == 1'000);
}

BOOST_AUTO_TEST_CASE(rejects_garbage) {
  for (const char* bad : {"", "ms", "1x", "1.2.3s", "-1s", "1 s", "99999999999999999999s"}) {
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!parse_duration(bad).has_value()); }
  }
}

BOOST_AUTO_TEST_CASE(formats_shortest) {
  BOOST_TEST(format_duration(1500ms) == "1.5s");
  BOOST_TEST(format_duration(250ms) == "250ms");
  BOOST_TEST(format_duration(20us) == "20us");
  BOOST_TEST(format_duration(0ns) == "0s");
  BOOST_TEST(format_duration(udplab::Duration{1'000'001}) == "1.000001ms");
}

BOOST_AUTO_TEST_SUITE_END()
