#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>

#include "util/histogram.hpp"

using udplab::util::Histogram;

BOOST_AUTO_TEST_SUITE(histogram_test)

BOOST_AUTO_TEST_CASE(exact_below_1024) {
  Histogram h;
  for (int v = 1; v <= 100; ++v) h.add(v);
  BOOST_TEST(h.count() == 100u);
  BOOST_TEST(h.min() == 1);
  BOOST_TEST(h.max() == 100);
  BOOST_TEST(h.percentile(50) == 50);  // nearest rank: ceil(0.5 * 100) = 50th value
  BOOST_TEST(h.percentile(90) == 90);
  BOOST_TEST(h.percentile(99) == 99);
  BOOST_TEST(h.percentile(100) == 100);
  BOOST_TEST(h.percentile(0) == 1);
}

BOOST_AUTO_TEST_CASE(relative_error_bounded_for_large_values) {
  Histogram h;
  // Values from 1 us to 10 s: each percentile must be within 0.2% of the exact one.
  std::vector<std::int64_t> values;
  for (std::int64_t v = 1000; v < 10'000'000'000; v = v * 11 / 10 + 7) values.push_back(v);
  for (auto v : values) h.add(v);
  for (double p : {10.0, 50.0, 90.0, 99.0}) {
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
    const double exact = static_cast<double>(values[rank - 1]);
    const double got = static_cast<double>(h.percentile(p));
    BOOST_TEST_CONTEXT("p" << p) { BOOST_TEST(std::abs(got - exact) / exact <= 0.002); }
  }
  BOOST_TEST(h.max() == values.back());
}

BOOST_AUTO_TEST_CASE(empty_is_zero) {
  Histogram h;
  BOOST_TEST(h.percentile(50) == 0);
  BOOST_TEST(h.count() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
