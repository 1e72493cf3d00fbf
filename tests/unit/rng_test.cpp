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

BOOST_AUTO_TEST_CASE(integer_chance_decides_as_chance_does) {
  // Links decide loss with chance_below(chance_threshold(p)); runs must not change with that, so
  // it has to agree with chance(p) draw for draw, and draw exactly when chance() draws. Besides
  // ordinary rates: a p whose p * 2^53 is a whole number, one just below it, the smallest and
  // the largest probabilities short of 0 and 1.
  const double ps[] = {0.0, 1.0, 0.05, 0.3, 0.5, 0.25 + 0x1.0p-53, std::nextafter(0.5, 0.0), 0x1.0p-60,
                       std::nextafter(1.0, 0.0), 0.999, 1e-9, 2.0, -1.0};
  for (const double p : ps) {
    Rng a(29), b(29);
    const std::uint64_t threshold = Rng::chance_threshold(p);
    int disagreements = 0;
    for (int i = 0; i < 20'000; ++i) disagreements += a.chance(p) != b.chance_below(threshold) ? 1 : 0;
    BOOST_TEST(disagreements == 0, "p = " << p);
    BOOST_TEST(a.next_u64() == b.next_u64(), "p = " << p << ": the streams drifted apart");
  }
  // Near the threshold itself: 53-bit draws just below and at ceil(p * 2^53).
  const double p = 0.3;
  const std::uint64_t t = Rng::chance_threshold(p);
  BOOST_TEST(static_cast<double>(t - 1) * 0x1.0p-53 < p);
  BOOST_TEST(!(static_cast<double>(t) * 0x1.0p-53 < p));
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
