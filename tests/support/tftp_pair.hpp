// Runs a TFTP client engine against a server session engine in virtual time, with no sockets:
// datagrams take `delay` each way, and the n-th datagram sent (counting both directions from 1)
// can be dropped, Beast-style, to reach each retransmission path in turn.
#pragma once

#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <set>

#include "support/engine_harness.hpp"
#include "tftp/client.hpp"
#include "tftp/memory_store.hpp"
#include "tftp/server_session.hpp"
#include "util/bytes.hpp"

namespace udplab::test {

inline const net::Endpoint kTftpClient{*net::IpAddress::parse("10.0.0.1"), 40000};
inline const net::Endpoint kTftpServer{*net::IpAddress::parse("10.0.0.2"), 69};
inline const net::Endpoint kTftpSession{*net::IpAddress::parse("10.0.0.2"), 50000};

inline std::vector<std::byte> bytes_of(std::string_view s) { return util::to_vector(s); }

// Deterministic file content: `n` bytes, every byte value, some CR/LF.
inline std::vector<std::byte> pattern(std::size_t n, std::uint32_t seed = 1) {
  std::vector<std::byte> out(n);
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& b : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = std::byte(x & 0xFF);
  }
  return out;
}

struct PairResult {
  bool client_ok = false;
  bool session_ok = false;
  tftp::TransferStats client_stats, session_stats;
  std::optional<tftp::Failure> client_failure, session_failure;
  std::vector<std::byte> downloaded;  // get: what the client committed
  std::uint64_t datagrams = 0;        // sent in total, dropped ones included
  std::uint64_t data_sent = 0;        // DATA packets sent by either side
  std::vector<std::optional<tftp::Opcode>> sent;  // what each datagram was, in sending order
  Time end{};
  std::vector<tftp::Event> client_events;
};

struct PairSetup {
  tftp::ClientConfig client;
  tftp::SessionConfig session;
  std::set<std::uint64_t> drop;  // datagram numbers to drop
  Duration delay = std::chrono::milliseconds(1);
  Duration limit = std::chrono::seconds(600);
  bool deferred_writes = true;  // receivers write a block after its ACK is out, as under a Driver
};

// `upload` is the content a put sends (nullptr: a get of client.remote from `store`).
inline PairResult run_pair(PairSetup setup, tftp::MemoryStore& store, const std::vector<std::byte>* upload = nullptr) {
  using namespace tftp;
  PairResult result;
  std::unique_ptr<Client> client;
  setup.client.server = kTftpServer;
  setup.client.timing.progress_interval = Duration::zero();
  if (upload) {
    client = std::make_unique<Client>(setup.client, make_memory_reader(std::make_shared<std::vector<std::byte>>(*upload)));
  } else {
    client = std::make_unique<Client>(
        setup.client, make_memory_writer([&](std::vector<std::byte> d) { result.downloaded = std::move(d); }));
  }
  if (setup.deferred_writes) client->defer_writes_until_sent();
  std::unique_ptr<ServerSession> session;

  struct Flight {
    net::Endpoint from, to;
    std::vector<std::byte> bytes;
  };
  std::multimap<std::pair<Time, std::uint64_t>, Flight> wire;  // ordered by arrival, then sending
  std::uint64_t seq = 0;
  Time now{};
  auto collect = [&](auto& engine, const net::Endpoint& from) {
    transport::Transmit t;
    auto take = [&] {
      while (engine.poll_transmit(t)) {
        ++result.datagrams;
        const auto op = tftp::peek_opcode(t.payload);
        result.sent.push_back(op);
        if (op == tftp::Opcode::data) ++result.data_sent;
        if (setup.drop.count(result.datagrams)) continue;
        wire.emplace(std::pair{now + setup.delay, ++seq}, Flight{from, t.to, t.payload});
      }
    };
    take();
    transport::after_transmit(engine, now);  // as transport::Driver does: deferred writes
    take();
  };
  auto drain_events = [&] {
    while (auto e = client->poll_event()) result.client_events.push_back(std::move(*e));
    if (session)
      while (session->poll_event()) {
      }
  };

  client->start(now);
  collect(*client, kTftpClient);
  drain_events();
  const Time limit = Time{setup.limit};
  while (now < limit && !(client->finished() && (!session || session->finished()))) {
    std::optional<Time> next;
    auto consider = [&](std::optional<Time> t) {
      if (t && (!next || *t < *next)) next = t;
    };
    if (!wire.empty()) consider(wire.begin()->first.first);
    consider(client->next_deadline());
    if (session) consider(session->next_deadline());
    if (!next) break;
    now = *next;
    Flight f;  // alive until collect(): a receiver writes its last ACKed block from it
    if (!wire.empty() && wire.begin()->first.first == now) {
      f = std::move(wire.begin()->second);
      wire.erase(wire.begin());
      transport::Datagram d{f.from, f.bytes};
      if (f.to == kTftpClient) {
        client->on_datagram(now, d);
      } else if (f.to == kTftpServer) {
        auto p = tftp::decode(f.bytes);
        if (p && (!session || session->finished()) && (std::holds_alternative<Rrq>(*p) || std::holds_alternative<Wrq>(*p))) {
          ServerSession::Request r;
          if (auto* rrq = std::get_if<Rrq>(&*p)) r = *rrq;
          else r = std::get<Wrq>(*p);
          session = std::make_unique<ServerSession>(r, f.from, store, setup.session);
          if (setup.deferred_writes) session->defer_writes_until_sent();
          session->start(now);
        }
      } else if (f.to == kTftpSession && session) {
        session->on_datagram(now, d);
      }
    } else {
      client->on_timer(now);
      if (session) session->on_timer(now);
    }
    collect(*client, kTftpClient);
    if (session) collect(*session, kTftpSession);
    drain_events();
  }
  result.end = now;
  result.client_ok = client->finished() && client->succeeded();
  result.client_stats = client->stats();
  result.client_failure = client->failure();
  if (session) {
    result.session_ok = session->finished() && session->succeeded();
    result.session_stats = session->stats();
    result.session_failure = session->failure();
  }
  return result;
}

}  // namespace udplab::test
