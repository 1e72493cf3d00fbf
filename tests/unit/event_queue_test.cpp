#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "netsim/event_queue.hpp"

using namespace udplab;
using udplab::netsim::EventQueue;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(event_queue_test)

BOOST_AUTO_TEST_CASE(runs_in_time_order_then_schedule_order) {
  EventQueue q;
  std::string order;
  q.schedule(Time{5ms}, [&] { order += 'c'; });
  q.schedule(Time{1ms}, [&] { order += 'a'; });
  q.schedule(Time{5ms}, [&] { order += 'd'; });  // same instant as 'c': after it
  q.schedule(Time{2ms}, [&] {
    order += 'b';
    q.schedule(q.now(), [&] { order += 'B'; });  // same instant, scheduled later: runs next
  });
  while (q.step()) {
  }
  BOOST_TEST(order == "abBcd");
  BOOST_TEST(q.now() == Time{5ms});
}

BOOST_AUTO_TEST_CASE(run_until_stops_at_limit_and_advances_clock) {
  EventQueue q;
  int ran = 0;
  q.schedule(Time{1ms}, [&] { ++ran; });
  q.schedule(Time{10ms}, [&] { ++ran; });
  q.run_until(Time{5ms});
  BOOST_TEST(ran == 1);
  BOOST_TEST(q.now() == Time{5ms});
  BOOST_TEST(*q.next_time() == Time{10ms});
}

BOOST_AUTO_TEST_CASE(past_events_run_now) {
  EventQueue q;
  q.run_until(Time{10ms});
  Time seen{};
  q.schedule(Time{1ms}, [&] { seen = q.now(); });
  q.step();
  BOOST_TEST(seen == Time{10ms});
}

// Handlers that schedule none, one or several events (the queue reuses the running event's leaf
// for the first one) and look at the queue while they run: the order must be exactly that of a
// sorted list of (time, scheduling order), and pending()/next_time() must be right at every point.
// The queue grows from 64 leaves to 4096 on the way; with `max_seq` low it also numbers its pending
// events afresh now and then (or at every schedule), which must not change the order either.
namespace {

struct Checker final : netsim::EventHandler {
  Checker(std::uint64_t max_seq, std::uint64_t ids) : q(max_seq), max_ids(ids) {}
  EventQueue q;
  std::set<std::pair<std::int64_t, std::uint64_t>> reference;  // (time, id): ids grow like sequence numbers
  std::uint64_t max_ids;
  std::uint64_t next_id = 0;
  std::uint64_t state = 12345;
  std::vector<std::uint64_t> ran, expected;
  bool next_time_right = true, pending_right = true;
  std::size_t most_pending = 0;

  std::uint64_t draw(std::uint64_t bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % bound;
  }
  void add(std::int64_t at) {
    reference.emplace(at, next_id);
    q.schedule(Time{Duration{at}}, *this, next_id++);
  }
  void on_event(std::uint64_t id) override {
    ran.push_back(id);
    expected.push_back(reference.begin()->second);
    reference.erase(reference.begin());
    const std::uint64_t children = draw(4);  // 0..3: the queue shrinks, holds or grows
    for (std::uint64_t k = 0; k < children && next_id < max_ids; ++k) add(to_ns(q.now()) + static_cast<std::int64_t>(draw(50)));
    pending_right = pending_right && q.pending() == reference.size();
    most_pending = std::max(most_pending, q.pending());
    if (draw(8) == 0 && !reference.empty())
      next_time_right = next_time_right && q.next_time() == Time{Duration{reference.begin()->first}};
  }
};

// Returns the most events pending at once.
std::size_t check_against_reference(std::uint64_t max_seq, std::uint64_t ids) {
  Checker c(max_seq, ids);
  for (int i = 0; i < 64; ++i) c.add(static_cast<std::int64_t>(c.draw(100)));
  while (c.q.step()) {
  }
  BOOST_TEST(c.ran.size() == c.next_id);
  BOOST_TEST(c.ran == c.expected, boost::test_tools::per_element());
  BOOST_TEST(c.pending_right);
  BOOST_TEST(c.next_time_right);
  BOOST_TEST(c.q.empty());
  return c.most_pending;
}

}  // namespace

BOOST_AUTO_TEST_CASE(matches_a_sorted_reference_under_random_schedules) {
  const std::size_t most_pending = check_against_reference(~std::uint64_t{0}, 20000);
  BOOST_TEST(most_pending > 1024u);  // grew past 64, 256 and 1024 leaves while events were pending
}

BOOST_AUTO_TEST_CASE(numbering_pending_events_afresh_keeps_their_order) {
  check_against_reference(5000, 20000);  // renumbers every few thousand events, thousands pending
  check_against_reference(37, 1500);     // fewer numbers than events pending: every schedule renumbers
}

BOOST_AUTO_TEST_CASE(a_handler_may_run_the_queue_itself) {
  EventQueue q;
  std::string order;
  q.schedule(Time{1ms}, [&] {
    order += 'a';
    q.schedule(Time{3ms}, [&] { order += 'c'; });
    q.step();  // runs 'b' from inside 'a'
  });
  q.schedule(Time{2ms}, [&] { order += 'b'; });
  while (q.step()) {
  }
  BOOST_TEST(order == "abc");
  BOOST_TEST(q.empty());
}

BOOST_AUTO_TEST_SUITE_END()
