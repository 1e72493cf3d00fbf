// Every workload ends its engine the same way, through its Driver (Workload::stop_driven): what the
// engine's stop queues goes out before the socket closes (a chat client's leave, a TFTP ERROR 0),
// a client reports itself finished exactly once, and nothing is sent afterwards. Echo ping,
// request, broadcast send/listen and discovery queue nothing when stopped: for them the lifecycle
// itself is what is checked.
#include <boost/test/unit_test.hpp>

#include "netsim/simulator.hpp"
#include "support/sim_network.hpp"
#include "support/traced_run.hpp"
#include "support/tftp_pair.hpp"
#include "util/bytes.hpp"
#include "workload/broadcast_workloads.hpp"
#include "workload/chat_workloads.hpp"
#include "workload/echo_workloads.hpp"
#include "workload/request_workload.hpp"
#include "workload/tftp_workloads.hpp"

using namespace udplab;
using namespace std::chrono_literals;
using test::ep;

namespace {

// a (10.0.0.1) and b (10.0.0.2) on one segment, 5 ms out of each host.
struct World : test::SimWorld {
  World() {
    auto& net = sim.network();
    auto& lan = net.add_segment("lan");
    auto& a = net.add_host("a");
    auto& b = net.add_host("b");
    net.attach(a, lan, *net::Prefix::parse("10.0.0.1/24"));
    net.attach(b, lan, *net::Prefix::parse("10.0.0.2/24"));
    net.compute_routes();
    test::delay_every_egress(net, 5ms);
  }
  transport::Runtime& a() { return sim.runtime("a"); }
  transport::Runtime& b() { return sim.runtime("b"); }
  std::uint64_t sent() const { return sim.network().stats().datagrams_sent; }
};

// Starts `client`, lets it run `before_stop` (it must still be running then), stops it twice, and
// checks the lifecycle: finished once, in its report too, and silent from then on.
template <class W>
void check_stop_ends_the_run_once(World& w, W& client, Duration before_stop) {
  int finished = 0;
  client.on_finished([&] { ++finished; });
  BOOST_REQUIRE(!client.start());
  w.run_for(before_stop);
  BOOST_REQUIRE(!client.finished());
  BOOST_REQUIRE(finished == 0);
  client.stop();
  client.stop();
  BOOST_TEST(client.finished());
  BOOST_TEST(finished == 1);
  v1::WorkloadReport report;
  client.fill_report(report);
  BOOST_TEST(report.finished());
  const auto sent = w.sent();
  w.run_for(5s);
  BOOST_TEST(w.sent() == sent);  // no probe, retry or round after the stop
  BOOST_TEST(finished == 1);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(workload_lifecycle_test)

BOOST_AUTO_TEST_CASE(a_stopped_chat_client_says_goodbye_once) {
  World w;
  workload::ChatRoomWorkload room(w.b(), chat::RoomConfig{}, ep("0.0.0.0:7070"));
  BOOST_REQUIRE(!room.start());
  chat::ClientConfig c;
  c.peer = ep("10.0.0.2:7070");
  c.nick = "alice";
  workload::ChatClientWorkload alice(w.a(), c);
  int finished = 0;
  alice.on_finished([&] { ++finished; });
  BOOST_REQUIRE(!alice.start());
  w.run_for(50ms);
  BOOST_REQUIRE(room.engine().members().size() == 1u);
  alice.stop();
  alice.stop();
  BOOST_TEST(alice.finished());
  BOOST_TEST(finished == 1);
  w.run_for(100ms);
  // The leave queued by the engine's stop reached the room: she is gone at once, not timed out.
  BOOST_TEST(room.engine().members().empty());
  BOOST_TEST(room.engine().stats().left == 1u);
  BOOST_TEST(room.engine().stats().timed_out == 0u);
}

BOOST_AUTO_TEST_CASE(a_stopped_tftp_client_tells_the_server_and_the_server_its_clients) {
  World w;
  auto store = std::make_shared<tftp::MemoryStore>(tftp::MemoryStoreOptions{});
  store->put("f", test::pattern(512 * 1000));
  workload::TftpServerSetup setup;
  setup.bind = ep("0.0.0.0:69");
  workload::TftpServerWorkload server(w.b(), store, setup);
  std::vector<v1::TftpServerTransfer> log;
  server.on_transfer([&](const v1::TftpServerTransfer& t) { log.push_back(t); });
  BOOST_REQUIRE(!server.start());

  tftp::ClientConfig c;
  c.server = ep("10.0.0.2:69");
  c.remote = "f";
  workload::TftpClientWorkload cancelled(w.a(), {.config = c}, tftp::make_memory_writer([](auto) {}));
  int finished = 0;
  cancelled.on_finished([&] { ++finished; });
  BOOST_REQUIRE(!cancelled.start());
  w.run_for(100ms);
  BOOST_REQUIRE(!cancelled.finished());
  cancelled.stop();
  cancelled.stop();
  BOOST_TEST(cancelled.finished());
  BOOST_TEST(finished == 1);
  BOOST_TEST(cancelled.report().failure() == "cancelled");
  w.run_for(5s);
  // The client's ERROR 0, queued by its stop, ended the server's session (which had a block on
  // its way to the client, so the sends do not stop at once here).
  BOOST_REQUIRE(log.size() == 1u);
  BOOST_TEST(log[0].outcome() == "peer_error: ERROR 0: Transfer cancelled");
  BOOST_TEST(server.active_sessions() == 0u);

  // The other way round: the server's stop sends each running session's ERROR 0.
  workload::TftpClientWorkload cut(w.a(), {.config = c}, tftp::make_memory_writer([](auto) {}));
  BOOST_REQUIRE(!cut.start());
  w.run_for(100ms);
  BOOST_REQUIRE(server.active_sessions() == 1u);
  server.stop();
  server.stop();
  BOOST_REQUIRE(log.size() == 2u);
  BOOST_TEST(log[1].outcome() == "cancelled: Server shutting down");
  w.sim.run_until(Time{600s}, [&] { return cut.finished(); });
  BOOST_TEST(cut.report().failure() == "peer_error");
  BOOST_TEST(cut.report().error() == "ERROR 0: Server shutting down");
}

BOOST_AUTO_TEST_CASE(a_stopped_echo_ping_ends_once) {
  World w;
  workload::EchoServerWorkload server(w.b(), echo::ServerConfig{}, ep("0.0.0.0:7"));
  BOOST_REQUIRE(!server.start());
  echo::PingConfig c;
  c.target = ep("10.0.0.2:7");
  c.count = 0;  // until stopped
  c.interval = 100ms;
  workload::EchoPingWorkload ping(w.a(), c);
  check_stop_ends_the_run_once(w, ping, 350ms);
  BOOST_TEST(ping.summary().sent == 4u);
  BOOST_TEST(ping.summary().received == 4u);
}

BOOST_AUTO_TEST_CASE(a_stopped_request_ends_once) {
  World w;
  auto& net = w.sim.network();
  net.partition({{net.find_host("a")}, {net.find_host("b")}});  // no answer, no refusal: it retries
  request::RequestConfig c;
  c.target = ep("10.0.0.2:7");
  c.message = util::to_vector("ping?");
  c.backoff.jitter = false;
  workload::RequestWorkload client(w.a(), c, {});
  check_stop_ends_the_run_once(w, client, 50ms);
  BOOST_TEST(request::to_string(client.summary().outcome) == "stopped");
}

BOOST_AUTO_TEST_CASE(stopped_broadcast_sender_listener_and_discoverer_end_once) {
  World w;
  workload::BroadcastListenWorkload listener(w.b(), broadcast::ListenConfig{}, net::Endpoint{{}, 7071});
  broadcast::SendConfig s;
  s.targets = {ep("10.0.0.255:7071")};
  s.message = util::to_vector("hello");
  s.count = 10;
  s.interval = 100ms;
  workload::BroadcastSendWorkload sender(w.a(), s);
  int listener_finished = 0;
  listener.on_finished([&] { ++listener_finished; });
  BOOST_REQUIRE(!listener.start());
  check_stop_ends_the_run_once(w, sender, 250ms);
  BOOST_TEST(sender.stats().rounds == 3u);
  BOOST_TEST(listener.stats().received == 3u);
  listener.stop();
  listener.stop();
  BOOST_TEST(listener.finished());
  BOOST_TEST(listener_finished == 1);

  discovery::DiscoverConfig d;
  d.targets = {ep("10.0.0.255:7")};
  d.probes = 10;
  d.interval = 100ms;
  d.nonce = 42;
  workload::DiscoverWorkload discover(w.a(), d);
  check_stop_ends_the_run_once(w, discover, 250ms);
}

// A client whose port is taken on its host never runs: its report has the bind error and says it
// did not finish, beside a client of the same kind that did.
BOOST_AUTO_TEST_CASE(a_client_that_cannot_bind_has_not_finished) {
  const auto run = test::run_traced(R"(name: "port-taken"
duration: "10s"
hosts { name: "a" }
hosts { name: "b" }
links { name: "lan" a: "a" a_address: "10.0.0.1/24" b: "b" b_address: "10.0.0.2/24" }
workloads { name: "room" host: "b" chat_room { port: 7070 } }
workloads { name: "taker" host: "a" echo_server { port: 7070 } }
workloads { name: "blocked" host: "a" start: "100ms" chat_client { peer: "10.0.0.2:7070" port: 7070 lines: "hello" } }
workloads { name: "member" host: "a" start: "100ms" chat_client { peer: "10.0.0.2:7070" lines: "hello" } }
)",
                                    "port-taken");
  BOOST_REQUIRE_EQUAL(run.report.workloads_size(), 4);
  const auto& blocked = run.report.workloads(2);
  const auto& member = run.report.workloads(3);
  BOOST_TEST(blocked.error().find("cannot bind") == 0u, blocked.error());
  BOOST_TEST(blocked.error().find(":7070: address already in use") != std::string::npos, blocked.error());
  BOOST_TEST(!blocked.finished());
  BOOST_TEST(member.error() == "");
  BOOST_TEST(member.finished());
}

BOOST_AUTO_TEST_SUITE_END()
