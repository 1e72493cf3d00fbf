#include <boost/test/unit_test.hpp>

#include "chat/sequence_tracker.hpp"
#include "support/engine_harness.hpp"

using namespace udplab;
using namespace udplab::chat;
using namespace std::chrono_literals;
using test::at_ms;
using Verdict = SequenceTracker::Verdict;

namespace udplab::chat {
inline std::ostream& boost_test_print_type(std::ostream& out, const SeqRange& r) {
  return out << r.first << "-" << r.last;
}
}  // namespace udplab::chat

BOOST_AUTO_TEST_SUITE(sequence_tracker_test)

BOOST_AUTO_TEST_CASE(in_order_and_the_first_number_is_no_gap) {
  SequenceTracker t;
  BOOST_TEST((t.observe(57, at_ms(0)).verdict == Verdict::first));  // joined late: 1-56 are not "lost"
  BOOST_TEST((t.observe(58, at_ms(1)).verdict == Verdict::in_order));
  BOOST_TEST(t.open_gaps() == 0u);
  BOOST_TEST(!t.next_expiry(500ms));
}

BOOST_AUTO_TEST_CASE(a_gap_filled_in_time_was_reordering) {
  SequenceTracker t;
  t.observe(1, at_ms(0));
  auto o = t.observe(4, at_ms(10));
  BOOST_TEST((o.verdict == Verdict::in_order));
  BOOST_TEST(o.opened == 2u);
  BOOST_TEST(*t.next_expiry(500ms) == at_ms(510));
  BOOST_TEST((t.observe(3, at_ms(20)).verdict == Verdict::late));
  BOOST_TEST((t.observe(2, at_ms(30)).verdict == Verdict::late));
  BOOST_TEST(t.open_gaps() == 0u);
  BOOST_TEST(t.expire(at_ms(1000), 500ms).empty());
}

BOOST_AUTO_TEST_CASE(a_gap_unfilled_after_the_window_is_loss) {
  SequenceTracker t;
  t.observe(1, at_ms(0));
  t.observe(5, at_ms(100));  // 2-4 missing
  BOOST_TEST((t.observe(3, at_ms(200)).verdict == Verdict::late));  // splits the gap: 2, 4
  BOOST_TEST(t.open_gaps() == 2u);
  BOOST_TEST(t.expire(at_ms(599), 500ms).empty());
  auto lost = t.expire(at_ms(600), 500ms);  // both halves keep the time the gap opened
  BOOST_TEST(lost == (std::vector<SeqRange>{{2, 2}, {4, 4}}), boost::test_tools::per_element());
  // Arriving after being declared lost: too late to count as reordering.
  BOOST_TEST((t.observe(2, at_ms(700)).verdict == Verdict::duplicate));
}

BOOST_AUTO_TEST_CASE(duplicates) {
  SequenceTracker t;
  t.observe(1, at_ms(0));
  t.observe(2, at_ms(1));
  BOOST_TEST((t.observe(2, at_ms(2)).verdict == Verdict::duplicate));
  BOOST_TEST((t.observe(1, at_ms(3)).verdict == Verdict::duplicate));
}

BOOST_AUTO_TEST_CASE(huge_jumps_cost_one_range_and_gaps_are_bounded) {
  SequenceTracker t;
  t.observe(1, at_ms(0));
  auto o = t.observe(1'000'000'000'000ull, at_ms(1));
  BOOST_TEST(o.opened == 999'999'999'998ull);
  BOOST_TEST(t.open_gaps() == 1u);
  SequenceTracker bounded;
  std::uint64_t seq = 1;
  bounded.observe(seq, at_ms(0));
  std::vector<SeqRange> forced;
  for (std::size_t i = 0; i < SequenceTracker::kMaxGaps + 5; ++i) {
    seq += 2;  // skip one each time
    auto obs = bounded.observe(seq, at_ms(1));
    forced.insert(forced.end(), obs.forced_lost.begin(), obs.forced_lost.end());
  }
  BOOST_TEST(bounded.open_gaps() == SequenceTracker::kMaxGaps);
  BOOST_TEST(forced == (std::vector<SeqRange>{{2, 2}, {4, 4}, {6, 6}, {8, 8}, {10, 10}}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(flush_gives_up_every_gap) {
  SequenceTracker t;
  t.observe(1, at_ms(0));
  t.observe(3, at_ms(0));
  t.observe(6, at_ms(0));
  BOOST_TEST(t.flush() == (std::vector<SeqRange>{{2, 2}, {4, 5}}), boost::test_tools::per_element());
  BOOST_TEST(t.open_gaps() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
