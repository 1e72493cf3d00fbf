#include <boost/test/unit_test.hpp>

#include "util/error_text.hpp"

using udplab::util::error_text;

BOOST_AUTO_TEST_SUITE(error_text_test)

// The simulator's errors read the same on every platform (MinGW's C library has no text for them).
BOOST_AUTO_TEST_CASE(socket_errors_read_as_on_linux) {
  BOOST_TEST(error_text(std::make_error_code(std::errc::address_in_use)) == "Address already in use");
  BOOST_TEST(error_text(std::make_error_code(std::errc::connection_refused)) == "Connection refused");
  BOOST_TEST(error_text(std::make_error_code(std::errc::network_unreachable)) == "Network is unreachable");
}

BOOST_AUTO_TEST_CASE(other_errors_keep_their_category_text) {
  const auto ec = std::make_error_code(std::errc::no_such_file_or_directory);
  BOOST_TEST(error_text(ec) == ec.message());
  const std::error_code other(5, std::system_category());
  BOOST_TEST(error_text(other) == other.message());
}

BOOST_AUTO_TEST_SUITE_END()
