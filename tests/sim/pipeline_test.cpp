// One link direction on its own: rate, queue limit, delay, overtaking, duplication, cuts.
// Deterministic rules, exact expectations.
#include <boost/test/unit_test.hpp>

#include "netsim/pipeline.hpp"

using namespace udplab;
using namespace udplab::netsim;
using namespace std::chrono_literals;

namespace {

struct Bench {
  EventQueue events;
  Trace trace;
  Fabric fabric{events, trace, {}, 0, 1};
  TraceRecorder recorder;
  std::vector<std::pair<Time, std::uint64_t>> out;  // (departure, packet id)
  Pipeline pipe{"a->lan", fabric, [this](PacketId id) {
                  out.emplace_back(events.now(), fabric.packets[id].id);
                  fabric.packets.release(id);
                }, true, 0, true};
  Bench() { trace.add_sink(recorder); }

  // A 1000-byte UDP payload datagram (IPv4): 1028 bytes at the IP layer, 1042 on Ethernet.
  void send(std::uint64_t datagram_id, std::size_t payload = 1000) {
    const PacketId id = fabric.packets.allocate();
    Packet& p = fabric.packets[id];
    p.id = datagram_id;
    p.src = *net::Endpoint::parse("10.0.0.1:1000");
    p.dst = *net::Endpoint::parse("10.0.0.2:2000");
    std::vector<std::byte> bytes(payload, std::byte{0x55});
    p.payload = fabric.packets.store(bytes);
    p.payload_size = static_cast<std::uint32_t>(payload);
    pipe.send(id);
  }
  void run() {
    while (events.step()) {
    }
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(pipeline_test)

BOOST_AUTO_TEST_CASE(rate_spaces_packets_by_their_transmission_time) {
  Bench b;
  b.pipe.set_shape(LinkShape{.rate_bps = 8'336'000});  // 1042-byte frames take exactly 1 ms
  for (std::uint64_t i = 1; i <= 5; ++i) b.send(i);
  b.run();
  BOOST_REQUIRE_EQUAL(b.out.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) BOOST_TEST((b.out[i].second == i + 1 && b.out[i].first == Time{std::chrono::milliseconds(i + 1)}));
  BOOST_TEST(b.pipe.stats().queued == 4u);
  BOOST_TEST(b.recorder.count(TraceKind::queued) == 4u);
}

BOOST_AUTO_TEST_CASE(overhead_and_cells_change_the_transmission_time) {
  Bench b;
  // 1042 + 10 overhead = 1052 bytes -> 22 cells of 48 -> 22 * 53 = 1166 bytes = 9328 bits.
  b.pipe.set_shape(LinkShape{.rate_bps = 9'328'000, .packet_overhead = 10, .cell_size = 48, .cell_overhead = 5});
  b.send(1);
  b.run();
  BOOST_REQUIRE_EQUAL(b.out.size(), 1u);
  BOOST_TEST((b.out[0].first == Time{1ms}));
}

BOOST_AUTO_TEST_CASE(queue_limit_tail_drops) {
  Bench b;
  b.pipe.set_shape(LinkShape{.rate_bps = 8'336'000, .limit = 3});
  for (std::uint64_t i = 1; i <= 10; ++i) b.send(i);
  b.run();
  BOOST_TEST(b.out.size() == 3u);
  BOOST_TEST(b.pipe.stats().dropped == 7u);
  BOOST_TEST(b.recorder.count(TraceKind::dropped, DropReason::queue_full) == 7u);
  // Once the queue drains, packets are accepted again.
  b.send(11);
  b.run();
  BOOST_TEST(b.out.size() == 4u);
}

BOOST_AUTO_TEST_CASE(delay_then_rate_as_netem_computes_it) {
  Bench b;
  b.pipe.add(std::make_unique<Delay>(10ms, 0ms, 0.0, DelayDistribution::uniform, Rng(1)));
  b.pipe.set_shape(LinkShape{.rate_bps = 8'336'000});
  b.send(1);
  b.send(2);
  b.run();
  BOOST_REQUIRE_EQUAL(b.out.size(), 2u);
  BOOST_TEST((b.out[0].first == Time{11ms}));  // delay + its own transmission time
  BOOST_TEST((b.out[1].first == Time{12ms}));  // behind the first
}

BOOST_AUTO_TEST_CASE(overtaking_packets_leave_at_once) {
  Bench b;
  b.pipe.add(std::make_unique<DropList>(std::vector<std::uint64_t>{}));  // a rule that does nothing
  b.pipe.add(std::make_unique<Reorder>(1.0, 0.0, 3, Rng(1)));  // every third packet overtakes
  b.pipe.add(std::make_unique<Delay>(10ms, 0ms, 0.0, DelayDistribution::uniform, Rng(1)));
  for (std::uint64_t i = 1; i <= 6; ++i) b.send(i);
  b.run();
  BOOST_REQUIRE_EQUAL(b.out.size(), 6u);
  BOOST_TEST(b.out[0].second == 3u);
  BOOST_TEST(b.out[1].second == 6u);
  BOOST_TEST((b.out[0].first == Time{}));
  BOOST_TEST((b.out[2].first == Time{10ms}));
}

BOOST_AUTO_TEST_CASE(jitter_without_rate_reorders) {
  Bench b;
  b.pipe.add(std::make_unique<Delay>(10ms, 9ms, 0.0, DelayDistribution::uniform, Rng(5)));
  for (std::uint64_t i = 1; i <= 200; ++i) b.send(i);
  b.run();
  BOOST_REQUIRE_EQUAL(b.out.size(), 200u);
  std::size_t inversions = 0;
  for (std::size_t i = 1; i < b.out.size(); ++i) inversions += b.out[i].second < b.out[i - 1].second;
  BOOST_TEST(inversions > 50u);  // all sent at once with independent delays: order is random
}

BOOST_AUTO_TEST_CASE(duplicates_share_the_payload_and_get_numbers) {
  Bench b;
  b.pipe.add(std::make_unique<Duplication>(1.0, 0.0, Rng(1)));
  b.send(1);
  b.send(2);
  b.run();
  BOOST_TEST(b.out.size() == 4u);
  BOOST_TEST(b.pipe.stats().duplicated == 2u);
  BOOST_TEST(b.recorder.count(TraceKind::duplicated) == 2u);
  BOOST_TEST(b.recorder.events()[0].packet.copy == 1u);
  BOOST_TEST(b.fabric.packets.packets_in_flight() == 0u);  // every copy released
  BOOST_TEST(b.fabric.packets.payloads_in_use() == 0u);
}

BOOST_AUTO_TEST_CASE(corruption_flips_exactly_one_bit) {
  Bench b;
  b.pipe.add(std::make_unique<Corruption>(1.0, 0.0, Rng(9)));
  b.send(1, 100);
  b.run();
  BOOST_REQUIRE_EQUAL(b.recorder.count(TraceKind::corrupted), 1u);
  const auto& e = b.recorder.events().back();
  BOOST_TEST(e.packet.corrupted);
  int flipped = 0;
  for (auto byte : e.payload) flipped += std::popcount(std::to_integer<unsigned>(byte ^ std::byte{0x55}));
  BOOST_TEST(flipped == 1);
}

BOOST_AUTO_TEST_CASE(a_cut_link_drops_everything) {
  Bench b;
  b.pipe.set_blocked(DropReason::link_down);
  b.send(1);
  b.run();
  BOOST_TEST(b.out.empty());
  BOOST_TEST(b.recorder.count(TraceKind::dropped, DropReason::link_down) == 1u);
  b.pipe.set_blocked(DropReason::none);
  b.send(2);
  b.run();
  BOOST_TEST(b.out.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
