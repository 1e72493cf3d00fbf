#include <boost/test/unit_test.hpp>

#include <cmath>

#include "netsim/random.hpp"

using udplab::netsim::Rng;

BOOST_AUTO_TEST_SUITE(rng_test)

BOOST_AUTO_TEST_CASE(same_seed_same_stream) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    auto x = a.next_u64();
    BOOST_REQUIRE_EQUAL(x, b.next_u64());
    differs |= x != c.next_u64();
  }
  BOOST_TEST(differs);
}

// Pinned outputs: a change here changes every simulation result, so it must be deliberate.
BOOST_AUTO_TEST_CASE(outputs_are_pinned) {
  Rng r(1);
  const std::uint64_t first = r.next_u64();
  Rng again(1);
  BOOST_TEST(again.next_u64() == first);
  BOOST_TEST(Rng::stream(1, "wan->a/loss").next_u64() == Rng::stream(1, "wan->a/loss").next_u64());
  BOOST_TEST(Rng::stream(1, "wan->a/loss").next_u64() != Rng::stream(1, "wan->b/loss").next_u64());
  BOOST_TEST(udplab::netsim::stable_hash("") == 0xCBF29CE484222325ull);
  BOOST_TEST(udplab::netsim::stable_hash("a") == 0xAF63DC4C8601EC8Cull);
}

BOOST_AUTO_TEST_CASE(uniform_is_in_range_with_the_right_mean) {
  Rng r(7);
  const int n = 200'000;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    double u = r.uniform();
    BOOST_REQUIRE(u >= 0.0);
    BOOST_REQUIRE(u < 1.0);
    sum += u;
  }
  // Mean of U(0,1) has sd 1/sqrt(12 n); allow 5 sd.
  BOOST_TEST(std::abs(sum / n - 0.5) < 5.0 / std::sqrt(12.0 * n));
}

BOOST_AUTO_TEST_CASE(chance_matches_probability) {
  Rng r(11);
  const int n = 100'000;
  const double p = 0.05;
  int hits = 0;
  for (int i = 0; i < n; ++i) hits += r.chance(p) ? 1 : 0;
  const double sd = std::sqrt(n * p * (1 - p));
  BOOST_TEST(std::abs(hits - n * p) < 5 * sd);
  BOOST_TEST(!Rng(1).chance(0.0));
  BOOST_TEST(Rng(1).chance(1.0));
}

BOOST_AUTO_TEST_CASE(below_is_unbiased_enough) {
  Rng r(3);
  int counts[6] = {};
  const int n = 60'000;
  for (int i = 0; i < n; ++i) ++counts[r.below(6)];
  const double expected = n / 6.0, sd = std::sqrt(n * (1.0 / 6) * (5.0 / 6));
  for (int c : counts) BOOST_TEST(std::abs(c - expected) < 5 * sd);
}

BOOST_AUTO_TEST_SUITE_END()
