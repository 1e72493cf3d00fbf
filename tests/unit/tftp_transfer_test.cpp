// A client engine against a server session engine, no sockets: whole transfers in virtual time,
// including the drop-the-n-th-datagram loop over every n.
#include <boost/test/unit_test.hpp>

#include "support/tftp_pair.hpp"
#include "tftp/netascii.hpp"

using namespace udplab;
using namespace udplab::tftp;
using udplab::test::pattern;
using udplab::test::run_pair;

namespace {

tftp::MemoryStore store_with(const std::string& name, std::vector<std::byte> content, bool writable = false) {
  tftp::MemoryStore store({.writable = writable, .create = true});
  store.put(name, std::move(content));
  return store;
}

test::PairSetup get_setup(const std::string& remote) {
  test::PairSetup s;
  s.client.remote = remote;
  return s;
}

void check_get(const test::PairResult& r, const std::vector<std::byte>& expected) {
  BOOST_TEST(r.client_ok);
  BOOST_TEST(r.session_ok);
  BOOST_TEST((r.downloaded == expected), "downloaded " << r.downloaded.size() << " bytes, expected " << expected.size());
  if (r.client_failure) BOOST_TEST_MESSAGE("client: " << r.client_failure->message);
  if (r.session_failure) BOOST_TEST_MESSAGE("session: " << r.session_failure->message);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tftp_transfer_test)

BOOST_AUTO_TEST_CASE(clean_get_of_odd_size_counts_blocks_and_bytes) {
  const auto content = pattern(1300);
  auto store = store_with("f", content);
  auto r = run_pair(get_setup("f"), store);
  check_get(r, content);
  BOOST_TEST(r.client_stats.blocks == 3u);  // 512 + 512 + 276
  BOOST_TEST(r.client_stats.bytes == 1300u);
  BOOST_TEST(r.client_stats.retransmissions == 0u);
  BOOST_TEST(r.session_stats.retransmissions == 0u);
  BOOST_TEST(!r.client_stats.oack);
  BOOST_TEST(r.datagrams == 7u);  // RRQ, 3 DATA, 3 ACK
}

BOOST_AUTO_TEST_CASE(empty_file_is_one_empty_block) {
  auto store = store_with("empty", {});
  auto r = run_pair(get_setup("empty"), store);
  check_get(r, {});
  BOOST_TEST(r.client_stats.blocks == 1u);
  BOOST_TEST(r.data_sent == 1u);
}

BOOST_AUTO_TEST_CASE(exact_multiple_of_blksize_ends_with_an_empty_block) {
  for (std::uint32_t blksize : {512u, 1024u, 8u}) {
    BOOST_TEST_CONTEXT("blksize " << blksize) {
      const auto content = pattern(blksize * 4);
      auto store = store_with("f", content);
      auto setup = get_setup("f");
      if (blksize != 512) setup.client.blksize = blksize;
      auto r = run_pair(setup, store);
      check_get(r, content);
      BOOST_TEST(r.client_stats.blocks == 5u);  // 4 full + the empty one
      BOOST_TEST(r.client_stats.params.blksize == blksize);
    }
  }
}

BOOST_AUTO_TEST_CASE(options_are_negotiated_and_tsize_announced) {
  const auto content = pattern(100'000);
  auto store = store_with("big", content);
  auto setup = get_setup("big");
  setup.client.blksize = 1468;
  setup.client.windowsize = 8;
  setup.client.tsize = true;
  setup.client.timeout_s = 2;
  setup.client.sliding = false;  // RFC 7440 windows
  auto r = run_pair(setup, store);
  check_get(r, content);
  BOOST_TEST(r.client_stats.oack);
  BOOST_TEST(!r.client_stats.params.sliding);
  BOOST_TEST(r.client_stats.params.blksize == 1468u);
  BOOST_TEST(r.client_stats.params.windowsize == 8u);
  BOOST_TEST(*r.client_stats.params.tsize == 100'000u);
  BOOST_TEST(*r.client_stats.params.timeout_s == 2u);
  // 69 blocks in windows of 8: one ACK per window, plus ACK 0 for the OACK.
  BOOST_TEST(r.client_stats.blocks == 69u);
  BOOST_TEST(r.datagrams == 1u + 1u + 1u + 69u + 9u);  // RRQ, OACK, ACK 0, DATA, ACKs

  // Sliding windows (udplab's own option, agreed by our server): an ACK every 4 blocks and one for
  // the last, and the sender never waits for a whole window's ACK.
  setup.client.sliding = true;
  auto s = run_pair(setup, store);
  check_get(s, content);
  BOOST_TEST(s.client_stats.params.sliding);
  BOOST_TEST(s.session_stats.params.sliding);
  BOOST_TEST(s.datagrams == 1u + 1u + 1u + 69u + 18u);  // ACKs of 4, 8, ..., 68 and 69
}

BOOST_AUTO_TEST_CASE(put_lands_in_the_store_only_when_complete) {
  const auto content = pattern(5000);
  tftp::MemoryStore store({.writable = true, .create = true});
  test::PairSetup setup;
  setup.client.remote = "up";
  setup.client.tsize = true;
  setup.client.windowsize = 4;
  auto r = run_pair(setup, store, &content);
  BOOST_TEST(r.client_ok);
  BOOST_TEST(r.session_ok);
  BOOST_REQUIRE(store.get("up"));
  BOOST_TEST((*store.get("up") == content));
  BOOST_TEST(*r.session_stats.params.tsize == 5000u);
  BOOST_TEST(store.open_uploads() == 0u);
}

BOOST_AUTO_TEST_CASE(netascii_round_trips_across_block_boundaries) {
  // CR LF pairs and bare CRs straddling every block boundary with blksize 8.
  std::string text;
  for (int i = 0; i < 40; ++i) text += std::string(static_cast<std::size_t>(i % 9), 'x') + (i % 3 ? "\n" : "\r");
  const auto local = test::bytes_of(text);
  auto store = store_with("t.txt", local, true);
  auto setup = get_setup("t.txt");
  setup.client.mode = Mode::netascii;
  setup.client.blksize = 8;
  setup.client.tsize = true;
  auto r = run_pair(setup, store);
  check_get(r, local);
  BOOST_TEST(*r.client_stats.params.tsize == netascii::encoded_size(local));
  BOOST_TEST(r.client_stats.bytes == netascii::encoded_size(local));
  BOOST_TEST(r.client_stats.file_bytes == local.size());

  // And back up under another name.
  setup.client.remote = "copy.txt";
  auto up = run_pair(setup, store, &local);
  BOOST_TEST(up.client_ok);
  BOOST_REQUIRE(store.get("copy.txt"));
  BOOST_TEST((*store.get("copy.txt") == local));
}

BOOST_AUTO_TEST_CASE(block_numbers_roll_over_past_65535) {
  // blksize 8: 65540 full blocks cross 65535 -> 0; the client and server must agree throughout.
  const auto content = pattern(8 * 65540 + 3);
  auto store = store_with("roll", content, true);
  auto setup = get_setup("roll");
  setup.client.blksize = 8;
  auto r = run_pair(setup, store);
  check_get(r, content);
  BOOST_TEST(r.client_stats.blocks == 65541u);

  setup.client.windowsize = 16;
  setup.client.remote = "roll-up";
  setup.drop = {69600, 69640};  // windows of 17 datagrams: losses just before and after block 65535
  auto up = run_pair(setup, store, &content);
  BOOST_TEST(up.client_ok);
  BOOST_REQUIRE(store.get("roll-up"));
  BOOST_TEST((*store.get("roll-up") == content));
}

// Beast-style: lose datagram n, for every n of a transfer. Each run must complete with the right
// bytes, through a retransmission, and the sender must never send more DATA than blocks plus its
// retransmissions (no Sorcerer's Apprentice).
// With sliding windows a lost ACK that a later one covers needs no retransmission; anything else
// lost does.
BOOST_AUTO_TEST_CASE(losing_any_one_datagram_of_a_get_or_put_is_recovered) {
  const auto content = pattern(512 * 9 + 100);
  std::uint64_t covered_acks = 0;
  for (bool put : {false, true}) {
    for (auto [window, sliding] : {std::pair{1u, false}, {3u, false}, {3u, true}, {4u, true}}) {
      auto store = store_with("f", content, true);
      auto setup = get_setup("f");
      if (window > 1) setup.client.windowsize = window;
      setup.client.tsize = window > 1;
      setup.client.sliding = sliding;
      auto clean = put ? run_pair(setup, store, &content) : run_pair(setup, store);
      BOOST_REQUIRE(clean.client_ok);
      BOOST_REQUIRE(clean.client_stats.params.sliding == sliding);
      for (std::uint64_t n = 1; n <= clean.datagrams; ++n) {
        BOOST_TEST_CONTEXT((put ? "put" : "get") << " window " << window << (sliding ? " sliding" : "")
                                                 << ", losing datagram " << n) {
          auto s = setup;
          s.drop = {n};
          auto store2 = store_with("f", put ? std::vector<std::byte>{} : content, true);
          auto r = put ? run_pair(s, store2, &content) : run_pair(s, store2);
          BOOST_TEST(r.client_ok);
          BOOST_TEST(r.session_ok);
          if (put) {
            BOOST_TEST((store2.get("f") && *store2.get("f") == content));
          } else {
            BOOST_TEST((r.downloaded == content));
          }
          const auto retrans = r.client_stats.retransmissions + r.session_stats.retransmissions;
          const bool lost_ack = r.sent.at(n - 1) == tftp::Opcode::ack && n != r.datagrams;
          if (sliding && lost_ack && retrans == 0) ++covered_acks;
          else BOOST_TEST(retrans >= 1u);
          const auto& sender = put ? r.client_stats : r.session_stats;
          BOOST_TEST(r.data_sent <= sender.blocks + sender.retransmissions);
          BOOST_TEST(r.end < Time{std::chrono::seconds(10)});
        }
      }
    }
  }
  BOOST_TEST(covered_acks > 0u);  // some lost ACKs cost nothing at all
}

// Sliding windows: a lost block is resent when the receiver reports the gap, not after a timeout,
// both when the gap follows a scheduled ACK (its report repeats that ACK) and when it does not.
BOOST_AUTO_TEST_CASE(sliding_windows_resend_a_lost_block_on_the_gap_report) {
  const auto content = pattern(512 * 20 + 7);
  for (bool put : {false, true}) {
    for (std::uint64_t lost_block : {3u, 4u, 9u}) {
      BOOST_TEST_CONTEXT((put ? "put" : "get") << ", losing block " << lost_block) {
        auto store = store_with("f", put ? std::vector<std::byte>{} : content, true);
        auto setup = get_setup("f");
        setup.client.windowsize = 4;  // ACK every 2 blocks
        auto clean = put ? run_pair(setup, store, &content) : run_pair(setup, store);
        BOOST_REQUIRE(clean.client_ok);
        std::uint64_t data_seen = 0;
        for (std::uint64_t n = 1; n <= clean.sent.size(); ++n)
          if (clean.sent[n - 1] == tftp::Opcode::data && ++data_seen == lost_block) setup.drop = {n};
        BOOST_REQUIRE(setup.drop.size() == 1u);
        auto store2 = store_with("f", put ? std::vector<std::byte>{} : content, true);
        auto r = put ? run_pair(setup, store2, &content) : run_pair(setup, store2);
        BOOST_TEST(r.client_ok);
        BOOST_TEST((put ? *store2.get("f") : r.downloaded) == content);
        const auto& sender = put ? r.client_stats : r.session_stats;
        BOOST_TEST(sender.retransmissions >= 1u);
        BOOST_TEST(sender.retransmissions <= 4u);  // at most what was in flight after the gap
        BOOST_TEST(r.end < clean.end + std::chrono::milliseconds(100));  // no 1 s timeout waited for
      }
    }
  }
}

// Two losses in a row. The one case that cannot end well for both sides: the final ACK and the
// server's first repeat of the last block are both lost, and the client has stopped dallying when
// the second repeat comes. The client has the whole file; the server reports a timeout on it.
BOOST_AUTO_TEST_CASE(losing_two_consecutive_datagrams_is_recovered_too) {
  const auto content = pattern(512 * 4);  // RRQ, 5 DATA (the last empty), 5 ACKs
  for (std::uint64_t n = 1; n <= 11; ++n) {
    BOOST_TEST_CONTEXT("losing datagrams " << n << " and " << n + 1) {
      auto store = store_with("f", content);
      auto setup = get_setup("f");
      setup.drop = {n, n + 1};
      auto r = run_pair(setup, store);
      BOOST_TEST(r.client_ok);
      BOOST_TEST((r.downloaded == content));
      if (n == 11) {
        BOOST_TEST(!r.session_ok);
        BOOST_TEST((r.session_failure->kind == FailureKind::timeout));
        BOOST_TEST(r.session_failure->block == 5u);
      } else {
        BOOST_TEST(r.session_ok);
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
