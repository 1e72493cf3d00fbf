// Our TFTP client against our TFTP server over real loopback sockets, IPv4 and IPv6, including
// many transfers at once.
#include <boost/test/unit_test.hpp>

#include "live/live_runtime.hpp"
#include "support/tftp_pair.hpp"
#include "util/format.hpp"
#include "workload/tftp_workloads.hpp"

using namespace udplab;
using namespace std::chrono_literals;

namespace {

struct Server {
  std::shared_ptr<tftp::MemoryStore> store = std::make_shared<tftp::MemoryStore>(
      tftp::MemoryStoreOptions{.writable = true, .create = true});
  std::unique_ptr<workload::TftpServerWorkload> workload;
  std::vector<v1::TftpServerTransfer> log;

  Server(live::LiveRuntime& rt, const std::string& bind) {
    workload::TftpServerSetup setup;
    setup.bind = *net::Endpoint::parse(bind);
    setup.listener.max_sessions = 1000;
    setup.listener.per_client_rate = 10000;
    setup.listener.per_client_burst = 10000;
    setup.session.timing.timeout = 300ms;
    workload = std::make_unique<workload::TftpServerWorkload>(rt, store, setup);
    workload->on_transfer([this](const v1::TftpServerTransfer& t) { log.push_back(t); });
  }
  bool start() {
    auto error = workload->start();
    if (error) BOOST_TEST_MESSAGE(*error);
    return !error;
  }
};

void run_until(live::LiveRuntime& rt, const std::function<bool()>& done, Duration limit = 30s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < deadline) rt.run_for(10ms);
}

tftp::ClientConfig config(net::Endpoint server, std::string remote) {
  tftp::ClientConfig c;
  c.server = server;
  c.remote = std::move(remote);
  c.timing.timeout = 300ms;
  return c;
}

// Downloads `remote` and uploads it back as `remote + ".up"`; checks both byte for byte.
void round_trip(const std::string& bind, std::optional<std::uint32_t> window) {
  live::LiveRuntime rt;
  Server server(rt, bind);
  if (!server.start()) {
    BOOST_TEST_MESSAGE("cannot bind " << bind << "; skipped");
    return;
  }
  const auto content = test::pattern(300'000);
  server.store->put("f.bin", content);
  auto c = config(server.workload->local_endpoint(), "f.bin");
  c.windowsize = window;
  c.blksize = 1428;
  c.tsize = true;
  std::vector<std::byte> got;
  workload::TftpClientWorkload get(rt, {.config = c, .hash = true},
                                   tftp::make_memory_writer([&](std::vector<std::byte> d) { got = std::move(d); }));
  BOOST_REQUIRE(!get.start());
  run_until(rt, [&] { return get.finished(); });
  auto r = get.report();
  BOOST_TEST(r.ok(), r.error());
  BOOST_TEST((got == content));
  BOOST_TEST(r.negotiated().tsize() == 300'000u);
  BOOST_TEST(r.peer() != r.server());  // answered from a transfer ID of its own

  c.remote = "f.bin.up";
  workload::TftpClientWorkload put(rt, {.config = c},
                                   tftp::make_memory_reader(std::make_shared<std::vector<std::byte>>(content)));
  BOOST_REQUIRE(!put.start());
  run_until(rt, [&] { return put.finished() && server.workload->active_sessions() == 0; });
  BOOST_TEST(put.report().ok(), put.report().error());
  BOOST_REQUIRE(server.store->get("f.bin.up"));
  BOOST_TEST((*server.store->get("f.bin.up") == content));
  BOOST_TEST(server.log.size() == 2u);
  for (const auto& t : server.log) BOOST_TEST(t.outcome() == "ok");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tftp_live_test)

BOOST_AUTO_TEST_CASE(get_and_put_over_ipv4_lockstep) { round_trip("127.0.0.1:0", std::nullopt); }
BOOST_AUTO_TEST_CASE(get_and_put_over_ipv4_windowed) { round_trip("127.0.0.1:0", 16); }
BOOST_AUTO_TEST_CASE(get_and_put_over_ipv6) { round_trip("[::1]:0", 8); }

BOOST_AUTO_TEST_CASE(two_hundred_transfers_at_once) {
  live::LiveRuntime rt;
  Server server(rt, "127.0.0.1:0");
  BOOST_REQUIRE(server.start());
  std::vector<std::vector<std::byte>> files;
  for (int i = 0; i < 200; ++i) {
    files.push_back(test::pattern(static_cast<std::size_t>(2000 + 37 * i), static_cast<std::uint32_t>(i + 1)));
    server.store->put(util::format("f%d", i), files.back());
  }
  std::vector<std::vector<std::byte>> got(200);
  std::vector<std::unique_ptr<workload::TftpClientWorkload>> clients;
  for (int i = 0; i < 200; ++i) {
    clients.push_back(std::make_unique<workload::TftpClientWorkload>(
        rt, workload::TftpClientSetup{.config = config(server.workload->local_endpoint(), util::format("f%d", i))},
        tftp::make_memory_writer([&got, i](std::vector<std::byte> d) { got[static_cast<std::size_t>(i)] = std::move(d); })));
    BOOST_REQUIRE(!clients.back()->start());
  }
  std::size_t peak = 0;
  run_until(rt, [&] {
    peak = std::max(peak, server.workload->active_sessions());
    for (auto& c : clients)
      if (!c->finished()) return false;
    return true;
  });
  for (int i = 0; i < 200; ++i) {
    BOOST_TEST_CONTEXT("transfer " << i) {
      BOOST_TEST(clients[static_cast<std::size_t>(i)]->report().ok());
      BOOST_TEST((got[static_cast<std::size_t>(i)] == files[static_cast<std::size_t>(i)]));
    }
  }
  // They really overlapped. Batched receives (Linux) take the whole burst of requests in one
  // wake-up; the portable path takes one datagram per wake-up, so the first transfers are done
  // before the last requests are read (34 at most at once, steadily, on the 2-core test machine).
  BOOST_TEST(server.workload->report().max_concurrent() >= (live::batch_io_available() ? 100u : 10u));
  BOOST_TEST_MESSAGE("peak sessions " << peak << ", max concurrent " << server.workload->report().max_concurrent());
}

BOOST_AUTO_TEST_CASE(stopping_the_server_ends_its_transfers_with_an_error) {
  live::LiveRuntime rt;
  Server server(rt, "127.0.0.1:0");
  BOOST_REQUIRE(server.start());
  server.store->put("f", test::pattern(512 * 100));
  auto c = config(server.workload->local_endpoint(), "f");
  c.timing.retries = 1;
  bool committed = false;
  workload::TftpClientWorkload get(rt, {.config = c}, tftp::make_memory_writer([&](auto) { committed = true; }));
  get.on_event([&](const tftp::Event& e) {
    // After the first block, the server goes away.
    if (std::holds_alternative<tftp::event::Progress>(e)) server.workload->stop();
  });
  BOOST_REQUIRE(!get.start());
  run_until(rt, [&] { return get.finished(); });
  auto r = get.report();
  BOOST_TEST(!r.ok());
  BOOST_TEST(r.failure() == "peer_error");
  BOOST_TEST(r.error() == "ERROR 0: Server shutting down");
  BOOST_TEST(!committed);
}

BOOST_AUTO_TEST_SUITE_END()
