// Chat in netsim: the shared conversation on a clean path, then exactly chosen losses and
// reorderings, and what each receiver makes of them.
#include <boost/test/unit_test.hpp>

#include "netsim/simulator.hpp"
#include "support/chat_conformance.hpp"

using namespace udplab;
using namespace std::chrono_literals;

namespace {

// room (10.0.0.1), alice (10.0.0.2) and bob (10.0.0.3) on one segment, 5 ms out of each host.
struct World {
  netsim::Simulator sim;
  std::map<std::string, netsim::Interface*> ifs;
  std::unique_ptr<workload::ChatRoomWorkload> room;
  const net::Endpoint room_at = *net::Endpoint::parse("10.0.0.1:7070");

  explicit World(std::uint64_t seed = 1) : sim(seed) {
    auto& net = sim.network();
    auto& lan = net.add_segment("lan");
    int n = 1;
    for (const char* name : {"room", "alice", "bob"}) {
      auto& host = net.add_host(name);
      ifs[name] = &net.attach(host, lan, *net::Prefix::parse("10.0.0." + std::to_string(n++) + "/24"));
    }
    net.compute_routes();
    room = std::make_unique<workload::ChatRoomWorkload>(sim.runtime("room"), chat::RoomConfig{},
                                                        *net::Endpoint::parse("0.0.0.0:7070"));
    BOOST_REQUIRE(!room->start());
  }
  void delay_all() {
    for (auto& [name, i] : ifs)
      i->egress->add(std::make_unique<netsim::Delay>(5ms, 0ms, 0.0, netsim::DelayDistribution::uniform, netsim::Rng(1)));
  }
  std::function<void(const std::function<bool()>&)> runner() {
    return [this](const std::function<bool()>& done) { sim.run_until(Time{600s}, done); };
  }
  chat::ClientConfig config(std::string nick, std::uint64_t session) const {
    chat::ClientConfig c;
    c.peer = room_at;
    c.nick = std::move(nick);
    c.session = session;
    c.linger = 1s;
    return c;
  }
};

// Alice listens; bob says one, two, three 10 ms apart. Returns what alice heard, as "seq" or
// "seq late", and her stats.
struct Heard {
  std::vector<std::string> messages;
  std::vector<chat::SeqRange> lost;
  chat::ClientStats alice;
  chat::RoomStats room;
};
Heard bob_says_three(World& w) {
  workload::ChatClientWorkload alice(w.sim.runtime("alice"), w.config("alice", 0xA));
  workload::ChatClientWorkload bob(w.sim.runtime("bob"), w.config("bob", 0xB));
  Heard h;
  alice.on_event([&](const chat::ClientEvent& e) {
    if (const auto* m = std::get_if<chat::client_event::Message>(&e))
      h.messages.push_back(m->text + (m->late ? " late" : ""));
    if (const auto* l = std::get_if<chat::client_event::Lost>(&e)) h.lost.push_back(l->range);
  });
  BOOST_REQUIRE(!alice.start());
  w.sim.run_until(Time{20ms});  // alice is in the room
  BOOST_REQUIRE(!bob.start());
  for (auto& s : test::chat_steps("one\n/wait 10ms\ntwo\n/wait 10ms\nthree\n")) bob.enqueue(std::move(s));
  bob.end_input();
  alice.end_input();
  w.runner()([&] { return alice.finished() && bob.finished(); });
  BOOST_REQUIRE(alice.finished() && bob.finished());
  h.alice = alice.engine().stats();
  h.room = w.room->engine().stats();
  return h;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(chat_sim_test)

BOOST_AUTO_TEST_CASE(a_conversation_through_a_room) {
  World w;
  w.delay_all();
  auto r = test::run_chat_conversation(w.sim.runtime("alice"), w.sim.runtime("bob"), w.room_at, *w.room, w.runner());
  test::check_clean_conversation(r);
  w.sim.run_until(w.sim.runtime("room").now() + 100ms);  // the last goodbye is still on its way
  BOOST_TEST(w.room->engine().members().empty());
}

BOOST_AUTO_TEST_CASE(a_message_lost_on_the_way_in_is_reported_by_room_and_receiver) {
  World w;
  // Bob's datagrams: 1 hello, 2 "one", 3 "two", 4 "three", 5 leave. Lose "two".
  w.ifs["bob"]->egress->add(std::make_unique<netsim::DropList>(std::vector<std::uint64_t>{3}));
  auto h = bob_says_three(w);
  BOOST_TEST(h.messages == (std::vector<std::string>{"one", "three"}), boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(h.lost.size(), 1u);
  BOOST_TEST((h.lost[0] == chat::SeqRange{2, 2}));
  BOOST_TEST(h.alice.heard.lost == 1u);
  BOOST_TEST(h.room.heard.lost == 1u);  // the room saw the gap on bob's uplink too
}

BOOST_AUTO_TEST_CASE(a_message_lost_on_the_way_out_is_reported_by_the_receiver_only) {
  World w;
  // The room's datagrams: 1 welcome to alice, 2 welcome to bob, 3 "bob joined" to alice, then
  // bob's messages relayed to alice: 4 "one", 5 "two", 6 "three". Lose the relayed "one".
  w.ifs["room"]->egress->add(std::make_unique<netsim::DropList>(std::vector<std::uint64_t>{4}));
  auto h = bob_says_three(w);
  BOOST_TEST(h.messages == (std::vector<std::string>{"two", "three"}), boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(h.lost.size(), 1u);  // alice saw bob arrive, so even message 1 counts
  BOOST_TEST((h.lost[0] == chat::SeqRange{1, 1}));
  BOOST_TEST(h.room.heard.lost == 0u);
}

BOOST_AUTO_TEST_CASE(an_overtaken_message_is_shown_late_not_lost) {
  World w;
  // Bob's datagrams are held 50 ms, except the 3rd ("two"), which overtakes them.
  w.ifs["bob"]->egress->add(std::make_unique<netsim::Reorder>(1.0, 0.0, 3, netsim::Rng(7)));
  w.ifs["bob"]->egress->add(std::make_unique<netsim::Delay>(50ms, 0ms, 0.0, netsim::DelayDistribution::uniform, netsim::Rng(1)));
  auto h = bob_says_three(w);
  BOOST_TEST(h.messages == (std::vector<std::string>{"two", "one late", "three"}), boost::test_tools::per_element());
  BOOST_TEST(h.lost.empty());
  BOOST_TEST(h.alice.heard.late == 1u);
  BOOST_TEST(h.alice.heard.lost == 0u);
  BOOST_TEST(h.room.heard.late == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
