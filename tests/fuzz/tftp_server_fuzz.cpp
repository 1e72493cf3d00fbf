// libFuzzer target: the TFTP server engines (Listener + ServerSession over a MemoryStore), driven
// the way `udplab tftpd` drives them but through the engine interface alone: no sockets, no clock.
// The input is a script of steps: datagrams to the request port or to a session's port, from a
// handful of source endpoints (clients, a second port of the same host, IPv6, spoofable sources),
// either raw bytes or packets built from the input (requests with options, DATA, ACK, ERROR,
// OACK); time passing and timers firing. Invariants, checked after every step (a violation traps):
//   - every datagram sent decodes with the codec, and goes to the sender of what it answers or
//     to the session's client;
//   - the request port answers garbage (undecodable, or DATA/ACK/OACK) from a real source with one
//     ERROR, and never answers a spoofable source;
//   - a session answers a datagram from another transfer ID with ERROR 5 (unless it is an ERROR),
//     and answers garbage from its client with one ERROR and ends;
//   - the store only ever holds clean relative names, within the size limit; an existing file
//     changes only when an upload of that name succeeded (a failed, refused or abandoned upload
//     never truncates or replaces it), and no upload stays open once its session is gone;
//   - an unfinished session always has a deadline, and every session finishes once time runs on.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "fuzz_script.hpp"
#include "tftp/listener.hpp"
#include "tftp/memory_store.hpp"
#include "tftp/packet.hpp"
#include "tftp/path_policy.hpp"
#include "tftp/server_session.hpp"

namespace tftp = udplab::tftp;
namespace net = udplab::net;
namespace fuzz = udplab::fuzz;
using udplab::Duration;
using udplab::Time;

namespace {

constexpr std::uint64_t kMaxFile = 64 * 1024;

struct Source {
  net::Endpoint endpoint;
  bool spoofable;
};
// Parsed once: a parse per step would cost more than many of the steps.
Source make_source(const char* endpoint, bool spoofable) { return {*net::Endpoint::parse(endpoint), spoofable}; }
const Source kSources[] = {
    make_source("192.0.2.5:3000", false),  make_source("192.0.2.5:3001", false),   make_source("198.51.100.7:69", false),
    make_source("[2001:db8::1]:4000", false), make_source("[::ffff:192.0.2.5]:3000", false),
    make_source("0.0.0.0:5", true),        make_source("192.0.2.5:0", true),       make_source("255.255.255.255:7", true),
    make_source("224.0.0.1:9", true),      make_source("192.0.2.255:1", true),
};

const char* const kNames[] = {"a", "big", "new", "dir/x", "./a", "a//b", "../a", "/a", "a\\b", "", "dir/../a", "empty"};
const char* const kOptionNames[] = {"blksize", "tsize", "timeout", "windowsize", "BLKSIZE", "x"};
const char* const kOptionValues[] = {"0", "1", "8", "512", "1428", "65464", "65465", "16", "65535", "-1", "abc", "4294967296", ""};

std::string pick_name(FuzzedDataProvider& in) {
  if (in.ConsumeIntegralInRange(0, 7) == 0) return in.ConsumeRandomLengthString(40);
  return fuzz::pick(in, kNames);
}

template <class R>
R request(FuzzedDataProvider& in) {
  R r;
  r.filename = pick_name(in);
  r.mode = static_cast<tftp::Mode>(in.ConsumeIntegralInRange(0, 2));
  r.options = fuzz::options(in, kOptionNames, kOptionValues);
  return r;
}

// A datagram: raw bytes, or a packet built from the input (encode may refuse it: then raw).
std::vector<std::byte> datagram(FuzzedDataProvider& in) {
  std::vector<std::byte> out;
  std::vector<std::byte> payload;
  std::error_code ec;
  switch (in.ConsumeIntegralInRange(0, 6)) {
    case 0: return fuzz::raw_bytes(in);
    case 1: ec = tftp::encode(request<tftp::Rrq>(in), out); break;
    case 2: ec = tftp::encode(request<tftp::Wrq>(in), out); break;
    case 3: {
      const auto block = fuzz::block_number(in);
      static const std::size_t sizes[] = {0, 1, 7, 511, 512, 513, 1427, 1428, 8192};
      payload.assign(fuzz::pick(in, sizes), std::byte{'x'});
      if (!payload.empty()) payload[0] = std::byte{in.ConsumeIntegral<std::uint8_t>()};
      if (payload.size() > 1) payload.back() = std::byte{'\r'};
      ec = tftp::encode(tftp::Data{block, payload}, out);
      break;
    }
    case 4: {
      tftp::encode(tftp::Ack{fuzz::block_number(in)}, out);
      break;
    }
    case 5:
      ec = tftp::encode(tftp::Error{static_cast<tftp::ErrorCode>(in.ConsumeIntegralInRange(0, 9)), in.ConsumeRandomLengthString(20)}, out);
      break;
    case 6: {
      tftp::Oack oack;
      oack.options = request<tftp::Rrq>(in).options;
      ec = tftp::encode(oack, out);
      break;
    }
  }
  if (ec) return fuzz::raw_bytes(in);
  return out;
}

struct Hosted {
  std::unique_ptr<tftp::ServerSession> session;
  bool accounted = false;  // a successful upload's new content has been accepted
};

struct Server {
  tftp::MemoryStore store;
  tftp::Listener listener;
  tftp::SessionConfig config;
  std::vector<Hosted> sessions;
  std::map<std::string, tftp::MemoryStore::Content> expected;  // the files as they must be
  Time now{};

  Server(tftp::MemoryStoreOptions store_options, tftp::ListenerConfig listener_config, tftp::SessionConfig session_config)
      : store(store_options), listener(std::move(listener_config)), config(session_config) {
    std::vector<std::byte> big(3000);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = std::byte(i * 7 + (i >> 8));
    big[510] = std::byte{'\r'};
    big[511] = std::byte{'\n'};
    store.put("a", std::vector<std::byte>(512, std::byte{'a'}));
    store.put("big", std::move(big));
    store.put("dir/x", std::vector<std::byte>{std::byte{'\r'}, std::byte{0}, std::byte{'\n'}});
    store.put("empty", std::vector<std::byte>{});
    expected = store.files();
  }

  // Drains `e`'s datagrams (and its events, unless keep_events); every datagram must decode.
  template <class E>
  std::vector<udplab::transport::Transmit> drain(E& e, bool keep_events = false) {
    std::vector<udplab::transport::Transmit> out;
    udplab::transport::Transmit t;
    for (int pass = 0; pass < 2; ++pass) {  // before and after after_transmit, as transport::Driver
      while (e.poll_transmit(t)) {
        CHECK(t.payload.size() <= 4 + tftp::kMaxBlksize);
        CHECK(tftp::decode(t.payload).has_value());
        out.push_back(t);
      }
      if (pass == 0) udplab::transport::after_transmit(e, now);
    }
    while (!keep_events && e.poll_event()) {
    }
    return out;
  }

  void to_listener(const net::Endpoint& from, bool spoofable, const std::vector<std::byte>& d) {
    listener.on_datagram(now, {from, d});
    const auto sent = drain(listener, true);
    for (const auto& t : sent) CHECK(t.to == from);
    CHECK(sent.size() <= 1);
    if (spoofable) CHECK(sent.empty());
    const auto packet = tftp::decode(d);
    const bool request = packet && (std::holds_alternative<tftp::Rrq>(*packet) || std::holds_alternative<tftp::Wrq>(*packet));
    const bool error = packet && std::holds_alternative<tftp::Error>(*packet);
    if (!spoofable && !request && !error) {
      CHECK(sent.size() == 1);
      CHECK(std::holds_alternative<tftp::Error>(*tftp::decode(sent[0].payload)));
    }
    if (error) CHECK(sent.empty());
    // Requests become sessions, as the host program does it.
    while (auto e = listener.poll_event()) {
      if (auto* r = std::get_if<tftp::listener_event::Request>(&*e)) {
        CHECK(!spoofable);
        auto s = std::make_unique<tftp::ServerSession>(r->request, r->from, store, config);
        s->defer_writes_until_sent();
        s->start(now);
        for (const auto& t : drain(*s)) CHECK(t.to == r->from);
        sessions.push_back({std::move(s)});
      }
    }
  }

  void to_session(std::size_t index, const net::Endpoint& from, const std::vector<std::byte>& d) {
    auto& s = *sessions[index].session;
    const bool was_running = !s.finished();
    s.on_datagram(now, {from, d});
    const auto sent = drain(s);
    for (const auto& t : sent) CHECK(t.to == from || t.to == s.client());
    if (!was_running) return;
    if (from != s.client()) {
      // Another transfer ID: ERROR 5 to it (nothing for an ERROR), nothing to the client.
      CHECK(sent.size() == (tftp::peek_opcode(d) == tftp::Opcode::error ? 0u : 1u));
      for (const auto& t : sent) {
        CHECK(t.to == from);
        const auto reply = tftp::decode(t.payload);
        CHECK(std::holds_alternative<tftp::Error>(*reply) &&
              std::get<tftp::Error>(*reply).code == tftp::ErrorCode::unknown_transfer_id);
      }
      CHECK(!s.finished());
    } else if (!tftp::decode(d)) {
      // Garbage from the client: one ERROR, and the transfer ends.
      CHECK(sent.size() == 1 && std::holds_alternative<tftp::Error>(*tftp::decode(sent[0].payload)));
      CHECK(s.finished());
    }
  }

  void fire_timers() {
    for (auto& h : sessions) {
      h.session->on_timer(now);
      for (const auto& t : drain(*h.session)) CHECK(t.to == h.session->client());
    }
  }

  // The invariants that hold between steps; ends finished sessions.
  void settle() {
    for (auto& h : sessions) {
      auto& s = *h.session;
      if (!s.finished()) CHECK(s.next_deadline().has_value());
      if (s.direction() == tftp::Direction::write && s.succeeded() && !h.accounted) {
        h.accounted = true;
        auto name = tftp::normalise_request_name(s.filename());
        CHECK(name.has_value());
        auto content = store.get(*name);
        CHECK(content != nullptr);
        expected[*name] = content;
      }
    }
    CHECK(store.files().size() == expected.size());
    for (const auto& [name, content] : store.files()) {
      auto clean = tftp::normalise_request_name(name);
      CHECK(clean && *clean == name);
      CHECK(content->size() <= kMaxFile);
      auto e = expected.find(name);
      CHECK(e != expected.end() && e->second == content);  // the same commit, not a rewrite
    }
    for (std::size_t i = 0; i < sessions.size();) {
      if (sessions[i].session->finished()) {
        sessions.erase(sessions.begin() + static_cast<std::ptrdiff_t>(i));
        listener.session_ended();
      } else {
        ++i;
      }
    }
    CHECK(listener.active_sessions() == sessions.size());
    if (sessions.empty()) CHECK(store.open_uploads() == 0);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  tftp::MemoryStoreOptions store_options{.writable = in.ConsumeBool(), .create = in.ConsumeBool(), .max_file_size = kMaxFile};
  tftp::ListenerConfig listener_config{.max_sessions = in.ConsumeIntegralInRange<std::uint32_t>(1, 4),
                                       .per_client_rate = 50,
                                       .per_client_burst = in.ConsumeIntegralInRange<std::uint32_t>(1, 8),
                                       .broadcast_addresses = {*net::IpAddress::parse("192.0.2.255")}};
  tftp::SessionConfig session_config;
  session_config.limits.accept_options = in.ConsumeBool();
  session_config.limits.max_write_size = in.ConsumeBool() ? std::optional<std::uint64_t>(4000) : std::nullopt;
  session_config.timing.retries = in.ConsumeIntegralInRange<std::uint32_t>(0, 3);
  session_config.timing.timeout = std::chrono::milliseconds(in.ConsumeIntegralInRange(1, 2000));
  Server server(store_options, std::move(listener_config), session_config);

  for (int step = 0; step < 64 && in.remaining_bytes() > 0; ++step) {
    const auto& source = fuzz::pick(in, kSources);
    switch (in.ConsumeIntegralInRange(0, 3)) {
      case 0:
        server.to_listener(source.endpoint, source.spoofable, datagram(in));
        break;
      case 1:
      case 2:
        if (!server.sessions.empty()) {
          const auto i = in.ConsumeIntegralInRange<std::size_t>(0, server.sessions.size() - 1);
          // Mostly from the session's own client, so that transfers get somewhere.
          const auto from = in.ConsumeBool() ? server.sessions[i].session->client() : source.endpoint;
          server.to_session(i, from, datagram(in));
        }
        break;
      case 3:
        server.now += std::chrono::milliseconds(in.ConsumeIntegralInRange(0, 40000));
        server.fire_timers();
        break;
    }
    server.settle();
  }
  // Time runs on: every session must finish (retries, then give up; or dally, then end).
  for (int round = 0; round < 64 && !server.sessions.empty(); ++round) {
    server.now += std::chrono::seconds(30);
    server.fire_timers();
    server.settle();
  }
  CHECK(server.sessions.empty());
  CHECK(server.store.open_uploads() == 0);
  return 0;
}
