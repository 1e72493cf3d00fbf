#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>

#include "util/parse_number.hpp"
#include "util/rate.hpp"

using udplab::util::parse_double;

BOOST_AUTO_TEST_SUITE(parse_number_test)

// The value must be the correctly rounded double of the digits, bit for bit, whichever of the two
// implementations (from_chars, or the classic-locale stream where libc++ lacks it) is built.
BOOST_AUTO_TEST_CASE(parses_to_the_nearest_double) {
  BOOST_TEST(*parse_double("0.05") == 0.05);
  BOOST_TEST(*parse_double("-2") == -2.0);
  BOOST_TEST(*parse_double("1e-3") == 1e-3);
  BOOST_TEST(*parse_double("1E3") == 1000.0);
  BOOST_TEST(*parse_double(".5") == 0.5);
  BOOST_TEST(*parse_double("0.1") == 0.1);
  BOOST_TEST(*parse_double("123456789012345678901234567890") == 123456789012345678901234567890.0);
  BOOST_TEST(*parse_double("2.2250738585072014e-308") == 2.2250738585072014e-308);
  // Halfway between two doubles: rounds to even.
  BOOST_TEST(*parse_double("9007199254740993") == 9007199254740992.0);
}

BOOST_AUTO_TEST_CASE(infinities_and_nan) {
  BOOST_TEST(std::isinf(*parse_double("inf")));
  BOOST_TEST(*parse_double("-INF") < 0);
  BOOST_TEST(std::isnan(*parse_double("nan")));
}

BOOST_AUTO_TEST_CASE(rejects_what_from_chars_rejects) {
  for (const char* bad : {"", " 1", "+1", "1 ", "1x", "0x10", "1.2.3", "-", "e5", "--1", "1e", "nanx"}) {
    BOOST_TEST_CONTEXT("'" << bad << "'") { BOOST_TEST(!parse_double(bad).has_value()); }
  }
}

// Rates read their number the same way: a decimal point, never the locale's comma.
BOOST_AUTO_TEST_CASE(rates_read_their_number_with_parse_double) {
  using udplab::util::parse_rate;
  BOOST_TEST(*parse_rate("1.5mbit") == 1'500'000u);
  BOOST_TEST(*parse_rate("10Mbps") == 80'000'000u);
  BOOST_TEST(*parse_rate("0.5kibit") == 512u);
  for (const char* bad : {"1,5mbit", ".mbit", "1..5mbit", "mbit", "1.5 mbit", "1.5furlongs"}) {
    BOOST_TEST_CONTEXT("'" << bad << "'") { BOOST_TEST(!parse_rate(bad).has_value()); }
  }
}

BOOST_AUTO_TEST_SUITE_END()
