#include <boost/test/unit_test.hpp>

#include <string>

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

BOOST_AUTO_TEST_SUITE_END()
