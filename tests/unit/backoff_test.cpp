#include <boost/test/unit_test.hpp>

#include <cmath>
#include <random>

#include "request/backoff.hpp"

using namespace udplab;
using namespace udplab::request;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(backoff_test)

BOOST_AUTO_TEST_CASE(the_seed_schedule) {
  // Start at 0.1 s, double, give up when the next wait would pass 2.0 s.
  const auto waits = backoff_waits({});
  BOOST_TEST(waits == (std::vector<Duration>{100ms, 200ms, 400ms, 800ms, 1600ms}), boost::test_tools::per_element());
  Duration total{};
  for (auto w : waits) total += w;
  BOOST_TEST(total == Duration(3100ms));
  BOOST_TEST(!validate({}));
}

BOOST_AUTO_TEST_CASE(a_wait_equal_to_the_limit_is_still_made) {
  const auto waits = backoff_waits({.initial = 125ms, .factor = 2, .max_wait = 2s});
  BOOST_TEST(waits == (std::vector<Duration>{125ms, 250ms, 500ms, 1s, 2s}), boost::test_tools::per_element());
  BOOST_TEST(backoff_waits({.initial = 2s, .factor = 3, .max_wait = 2s}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(other_factors_round_to_the_nanosecond) {
  const auto waits = backoff_waits({.initial = 100ms, .factor = 1.5, .max_wait = 500ms});
  BOOST_TEST(waits == (std::vector<Duration>{100ms, 150ms, 225ms, 337500us}), boost::test_tools::per_element());
  const auto thirds = backoff_waits({.initial = 1ns, .factor = 3, .max_wait = 30ns});
  BOOST_TEST(thirds == (std::vector<Duration>{1ns, 3ns, 9ns, 27ns}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_policies_are_named) {
  auto field_of = [](const BackoffPolicy& p) { return validate(p).value().field; };
  BOOST_TEST((field_of({.initial = 0ns}) == BackoffField::initial));
  auto longer = validate({.initial = 3s, .max_wait = 2s}).value();
  BOOST_TEST((longer.field == BackoffField::initial && longer.other == BackoffField::max_wait));
  BOOST_TEST(longer.why == "(3s) must not be longer than {other} (2s)");
  BOOST_TEST((field_of({.factor = 1.0}) == BackoffField::factor));
  BOOST_TEST((field_of({.factor = 101}) == BackoffField::factor));
  BOOST_TEST((field_of({.factor = std::nan("")}) == BackoffField::factor));
  auto slow = validate({.initial = 1ms, .factor = 1.01, .max_wait = 10s}).value();
  BOOST_TEST((slow.field == BackoffField::factor && slow.other == BackoffField::max_wait));
  BOOST_TEST(slow.why.find("too close to 1") != std::string::npos);
  BOOST_TEST((field_of({.max_wait = 25h}) == BackoffField::max_wait));
}

BOOST_AUTO_TEST_CASE(jitter_stays_in_the_upper_half) {
  BOOST_TEST(jittered_wait(100ms, 0) == Duration(50ms));
  BOOST_TEST(jittered_wait(100ms, ~std::uint64_t{0}) < Duration(100ms));
  BOOST_TEST(jittered_wait(100ms, ~std::uint64_t{0}) >= Duration(99'999'999ns));
  // Uniform on [w/2, w]: mean 0.75 w, standard deviation 0.5 w / sqrt(12). With n draws the mean's
  // standard deviation is that over sqrt(n); allow 5 of them (fixed seed, so this never flakes).
  std::mt19937_64 bits(42);
  constexpr int kDraws = 10'000;
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) {
    const Duration d = jittered_wait(1s, bits());
    BOOST_REQUIRE(d >= Duration(500ms));
    BOOST_REQUIRE(d < Duration(1s));
    sum += to_seconds(d);
  }
  const double tolerance = 5 * 0.5 / std::sqrt(12.0) / std::sqrt(double{kDraws});
  BOOST_TEST(std::abs(sum / kDraws - 0.75) < tolerance);
}

BOOST_AUTO_TEST_SUITE_END()
