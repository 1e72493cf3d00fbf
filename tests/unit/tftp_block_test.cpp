#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <optional>

#include "tftp/block.hpp"

using namespace udplab::tftp;

namespace udplab::tftp {
static std::ostream& boost_test_print_type(std::ostream& out, Arrival a) {
  switch (a) {
    case Arrival::expected: return out << "expected";
    case Arrival::ahead: return out << "ahead";
    case Arrival::behind: return out << "behind";
  }
  return out << "?";
}
}  // namespace udplab::tftp

namespace {
constexpr std::uint64_t kNone = UINT64_MAX;
std::uint64_t or_none(std::optional<std::uint64_t> v) { return v.value_or(kNone); }
}  // namespace

BOOST_AUTO_TEST_SUITE(tftp_block_test)

BOOST_AUTO_TEST_CASE(wire_numbers_roll_over_to_zero) {
  BOOST_TEST(wire_block(0) == 0u);
  BOOST_TEST(wire_block(1) == 1u);
  BOOST_TEST(wire_block(65535) == 65535u);
  BOOST_TEST(wire_block(65536) == 0u);  // tftp-hpa and atftp: the block after 65535 is 0
  BOOST_TEST(wire_block(65537) == 1u);
  BOOST_TEST(wire_block((std::uint64_t{1} << 32) + 5) == 5u);
  BOOST_TEST(next_block(65535) == 0u);
  BOOST_TEST(next_block(0) == 1u);
  BOOST_TEST(block_distance(65535, 0) == 1u);
  BOOST_TEST(block_distance(0, 65535) == 65535u);
  BOOST_TEST(block_distance(65530, 4) == 10u);
  BOOST_TEST(block_distance(7, 7) == 0u);
  // A 1 GiB file at 512-byte blocks wraps 32 times; its last block is still numbered correctly.
  BOOST_TEST(wire_block(2097152) == 0u);
  static_assert(wire_block(65536 * 3 + 17) == 17);
}

BOOST_AUTO_TEST_CASE(unwrap_picks_the_index_in_range) {
  BOOST_TEST(or_none(unwrap_block(0, 65530, 65540)) == 65536u);
  BOOST_TEST(or_none(unwrap_block(65535, 65530, 65540)) == 65535u);
  BOOST_TEST(or_none(unwrap_block(65530, 65530, 65540)) == 65530u);
  BOOST_TEST(or_none(unwrap_block(4, 65530, 65540)) == 65540u);
  BOOST_TEST(or_none(unwrap_block(5, 65530, 65540)) == kNone);      // just past the range
  BOOST_TEST(or_none(unwrap_block(65529, 65530, 65540)) == kNone);  // just before it
  BOOST_TEST(or_none(unwrap_block(3, 3, 3)) == 3u);
  BOOST_TEST(or_none(unwrap_block(3, 4, 3)) == kNone);              // empty range
  BOOST_TEST(or_none(unwrap_block(9, 10, 10 + 65535)) == 65545u);   // 65536 indices: still unique
  BOOST_TEST(or_none(unwrap_block(9, 10, 10 + 65536)) == kNone);    // 65537: ambiguous, refused
  BOOST_TEST(or_none(unwrap_block(65535, UINT64_MAX - 3, UINT64_MAX - 1)) == kNone);
  BOOST_TEST(or_none(unwrap_block(wire_block(UINT64_MAX), UINT64_MAX - 3, UINT64_MAX)) == UINT64_MAX);
}

BOOST_AUTO_TEST_CASE(unwrap_inverts_wire_block_in_every_window) {
  std::uint64_t wrong = 0;
  for (std::uint64_t lo : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{65530}, std::uint64_t{65535},
                           std::uint64_t{65536}, std::uint64_t{131071}, std::uint64_t{1'000'000'000'000}}) {
    for (std::uint64_t width : {0u, 1u, 7u, 32767u, 65535u}) {
      const std::uint64_t hi = lo + width;
      for (std::uint32_t wire = 0; wire < 65536; ++wire) {
        auto got = unwrap_block(static_cast<std::uint16_t>(wire), lo, hi);
        std::uint64_t offset = (wire + 65536 - lo % 65536) % 65536;
        std::optional<std::uint64_t> want;
        if (offset <= width) want = lo + offset;
        if (got != want || (got && wire_block(*got) != wire)) ++wrong;
      }
    }
  }
  BOOST_TEST(wrong == 0u);
}

BOOST_AUTO_TEST_CASE(acks_across_the_rollover) {
  // Window of 4 sent after 65534 was acknowledged: indices 65535, 65536, 65537, 65538 on the wire
  // as 65535, 0, 1, 2.
  const std::uint64_t last_acked = 65534;
  const std::uint64_t last_sent = 65538;
  BOOST_TEST(or_none(acked_index(65534, last_acked, last_sent)) == 65534u);  // repeated ACK
  BOOST_TEST(or_none(acked_index(65535, last_acked, last_sent)) == 65535u);
  BOOST_TEST(or_none(acked_index(0, last_acked, last_sent)) == 65536u);
  BOOST_TEST(or_none(acked_index(2, last_acked, last_sent)) == 65538u);
  BOOST_TEST(or_none(acked_index(3, last_acked, last_sent)) == kNone);      // not sent yet
  BOOST_TEST(or_none(acked_index(65533, last_acked, last_sent)) == kNone);  // stale
  // ACK 0 before any wrap acknowledges the request, after one wrap block 65536.
  BOOST_TEST(or_none(acked_index(0, 0, 0)) == 0u);
  BOOST_TEST(or_none(acked_index(0, 65535, 65536)) == 65536u);
  // The largest window RFC 7440 allows still maps every ACK uniquely.
  BOOST_TEST(or_none(acked_index(wire_block(100 + 65535), 100, 100 + 65535)) == 100u + 65535u);
  BOOST_TEST(or_none(acked_index(wire_block(100), 100, 100 + 65535)) == 100u);
}

BOOST_AUTO_TEST_CASE(data_arrival_across_the_rollover) {
  // Expecting index 65535 with a window of 4: the sender may be up to 3 blocks ahead.
  BOOST_TEST(classify_data(65535, 65535, 4) == Arrival::expected);
  BOOST_TEST(classify_data(0, 65535, 4) == Arrival::ahead);
  BOOST_TEST(classify_data(2, 65535, 4) == Arrival::ahead);
  BOOST_TEST(classify_data(3, 65535, 4) == Arrival::behind);  // beyond any window: not a real block
  BOOST_TEST(classify_data(65534, 65535, 4) == Arrival::behind);
  BOOST_TEST(classify_data(65531, 65535, 4) == Arrival::behind);
  BOOST_TEST(data_index(2, 65535) == 65538u);
  BOOST_TEST(data_index(65535, 65535) == 65535u);
  // Lock-step: anything but the expected block is a duplicate.
  BOOST_TEST(classify_data(0, 65536, 1) == Arrival::expected);
  BOOST_TEST(classify_data(1, 65536, 1) == Arrival::behind);
  BOOST_TEST(classify_data(65535, 65536, 1) == Arrival::behind);
  // Up to 32768 the ahead and behind ranges are disjoint.
  BOOST_TEST(classify_data(32767, 0, 32768) == Arrival::ahead);
  BOOST_TEST(classify_data(32768, 0, 32768) == Arrival::behind);
  // Beyond, numbers that could be either count as behind (the safe reading).
  BOOST_TEST(classify_data(25535, 0, 40000) == Arrival::ahead);
  BOOST_TEST(classify_data(25536, 0, 40000) == Arrival::behind);
  BOOST_TEST(classify_data(39999, 0, 40000) == Arrival::behind);
}

// A windowed transfer of 200,000 blocks (wrapping three times) through a path that loses and
// duplicates datagrams, using only these helpers for numbering: every block arrives once, in
// order, and every ACK the sender acts on is mapped to the right index.
BOOST_AUTO_TEST_CASE(windowed_transfer_survives_wraparound) {
  const std::uint64_t total = 200'000;
  for (std::uint32_t window : {1u, 8u, 64u}) {
    std::uint64_t last_acked = 0;   // sender
    std::uint64_t expected = 1;     // receiver
    std::uint64_t delivered = 0;
    std::uint64_t datagrams = 0;
    std::uint64_t wrong = 0;
    int rounds = 0;
    std::optional<std::uint16_t> stale_ack;
    while (last_acked < total && rounds < 1'000'000) {
      ++rounds;
      const std::uint64_t last_sent = std::min(total, last_acked + window);
      for (std::uint64_t index = last_acked + 1; index <= last_sent; ++index) {
        ++datagrams;
        if (datagrams % 7 == 3) continue;  // lost
        int copies = datagrams % 11 == 5 ? 2 : 1;
        for (int c = 0; c < copies; ++c) {
          std::uint16_t wire = wire_block(index);
          switch (classify_data(wire, expected, window)) {
            case Arrival::expected:
              if (data_index(wire, expected) != index) ++wrong;
              ++expected;
              ++delivered;
              break;
            case Arrival::ahead:
              if (data_index(wire, expected) != index) ++wrong;
              break;
            case Arrival::behind:
              if (index >= expected) ++wrong;  // a new block taken for a duplicate
              break;
          }
        }
      }
      // The receiver acknowledges the last block it has in order (RFC 7440 section 4); every
      // fifth round an old ACK arrives late as well.
      std::uint16_t ack = wire_block(expected - 1);
      for (std::optional<std::uint16_t> a : {stale_ack, std::optional<std::uint16_t>(ack)}) {
        if (!a) continue;
        if (auto index = acked_index(*a, last_acked, last_sent)) {
          if (wire_block(*index) != *a || *index > expected - 1) ++wrong;
          last_acked = std::max(last_acked, *index);
        }
      }
      stale_ack = rounds % 5 == 0 ? std::optional<std::uint16_t>(ack) : std::nullopt;
    }
    BOOST_TEST_CONTEXT("window " << window) {
      BOOST_TEST(last_acked == total);
      BOOST_TEST(expected == total + 1);
      BOOST_TEST(delivered == total);
      BOOST_TEST(wrong == 0u);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
