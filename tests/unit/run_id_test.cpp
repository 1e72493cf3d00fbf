// Live runs' ids: unlike one another, and random in all 64 bits (a server tells two clients'
// sessions apart by the whole number).
#include <boost/test/unit_test.hpp>

#include <set>

#include "util/run_id.hpp"

using udplab::util::random_run_id;

BOOST_AUTO_TEST_SUITE(run_id_test)

BOOST_AUTO_TEST_CASE(ids_differ_in_both_halves) {
  std::set<std::uint64_t> ids, high_halves, low_halves;
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t id = random_run_id();
    ids.insert(id);
    high_halves.insert(id >> 32);
    low_halves.insert(id & 0xFFFFFFFFu);
  }
  BOOST_TEST(ids.size() == 1000u);
  // 1000 draws of 32 random bits repeat one with a chance of about 1 in 10^4: allow a few.
  BOOST_TEST(high_halves.size() >= 995u);
  BOOST_TEST(low_halves.size() >= 995u);
}

BOOST_AUTO_TEST_SUITE_END()
