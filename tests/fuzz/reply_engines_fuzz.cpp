// libFuzzer target: the engines that match replies to what they sent, and the echo server that
// sends them, fed scripts of datagrams (echoes of what the engine sent, altered, cut short, sent
// twice; discovery replies with right and wrong nonces and rounds; raw bytes) from the target and
// from strangers, and of time passing. The first input byte picks the engine. Invariants, checked
// after every step (a violation traps):
//   EchoPing    probes go to the target; a reply is counted only for a datagram that is a probe it
//               sent (same size, session, number and padding; only the reserved bytes and the
//               send time may differ), once per probe; received <= sent; it finishes once time
//               runs on, with lost = sent - received.
//   Discoverer  probes go to the targets and decode as this run's; every answer is a responder, a
//               duplicate, stale or invalid (the counts add up); a responder is listed once, with
//               a round that was sent and an RTT >= 0; it finishes at its end time.
//   RequestClient  only the request goes out, only to the target; the first datagram from the
//               target (also by its IPv4-mapped address) is the reply, byte for byte, and nothing
//               else is; attempts never exceed the schedule; it finishes once time runs on.
//   EchoServer  each datagram gets exactly one answer to its sender (the same bytes, the length
//               text, or for a discovery probe a reply no larger than it) unless the source is one
//               it must refuse, which gets none.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <vector>

#include "discovery/discoverer.hpp"
#include "echo/echo_ping.hpp"
#include "echo/echo_server.hpp"
#include "fuzz_script.hpp"
#include "net/reply_policy.hpp"
#include "request/request_client.hpp"
#include "util/bytes.hpp"

namespace net = udplab::net;
namespace fuzz = udplab::fuzz;
namespace transport = udplab::transport;
namespace discovery = udplab::discovery;
namespace echo = udplab::echo;
namespace request = udplab::request;
using udplab::Duration;
using udplab::Time;
using std::chrono::milliseconds;

namespace {

const net::Endpoint kTarget = *net::Endpoint::parse("192.0.2.1:7");
const net::Endpoint kTargetMapped = *net::Endpoint::parse("[::ffff:192.0.2.1]:7");
const char* const kOthers[] = {"192.0.2.1:8", "192.0.2.2:7", "[2001:db8::1]:7", "0.0.0.0:0", "255.255.255.255:7",
                               "192.0.2.255:7", "224.0.0.1:7"};
const auto kOtherEndpoints = fuzz::endpoints(kOthers);

net::Endpoint source(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 5)) {
    case 0: return fuzz::pick(in, kOtherEndpoints);
    case 1: return kTargetMapped;
    default: return kTarget;
  }
}

// A datagram made from one the engine sent (or raw bytes when it sent none): as it was, cut
// short, with a byte changed or appended.
std::vector<std::byte> echo_of(FuzzedDataProvider& in, const std::vector<std::vector<std::byte>>& sent) {
  if (sent.empty() || in.ConsumeIntegralInRange(0, 5) == 0) return fuzz::raw_bytes(in);
  auto d = sent[in.ConsumeIntegralInRange<std::size_t>(0, sent.size() - 1)];
  switch (in.ConsumeIntegralInRange(0, 5)) {
    case 0: d.resize(in.ConsumeIntegralInRange<std::size_t>(0, d.size())); break;
    case 1:
      if (!d.empty()) d[in.ConsumeIntegralInRange<std::size_t>(0, d.size() - 1)] ^= std::byte(in.ConsumeIntegralInRange(1, 255));
      break;
    case 2: d.push_back(std::byte{0}); break;
    default: break;
  }
  return d;
}

template <class E>
std::vector<transport::Transmit> drain(E& e) {
  std::vector<transport::Transmit> out;
  transport::Transmit t;
  while (e.poll_transmit(t)) out.push_back(t);
  while (e.poll_event()) {
  }
  return out;
}

void fuzz_ping(FuzzedDataProvider& in) {
  echo::PingConfig c;
  c.target = kTarget;
  c.count = in.ConsumeIntegralInRange<std::uint64_t>(1, 8);
  c.interval = milliseconds(in.ConsumeIntegralInRange(1, 500));
  c.timeout = milliseconds(in.ConsumeIntegralInRange(1, 1000));
  c.payload_size = in.ConsumeIntegralInRange<std::size_t>(echo::kProbeHeaderSize, 300);
  c.flood = in.ConsumeBool();
  c.window = in.ConsumeIntegralInRange<std::uint32_t>(1, 4);
  c.session = 77;
  CHECK(!echo::validate(c));
  echo::EchoPing ping(c);
  Time now{};
  std::vector<std::vector<std::byte>> sent;  // index: seq - 1
  std::set<std::uint64_t> answered;
  auto take = [&] {
    std::vector<std::uint64_t> replies;
    transport::Transmit t;
    while (ping.poll_transmit(t)) {
      CHECK(t.to == kTarget && t.payload.size() == c.payload_size);
      const auto p = echo::decode_probe(t.payload);
      CHECK(p && p->session == c.session && p->seq == sent.size() + 1);
      sent.push_back(t.payload);
    }
    while (auto e = ping.poll_event())
      if (const auto* r = std::get_if<echo::ping_event::Reply>(&*e)) {
        CHECK(r->rtt >= Duration::zero());
        if (!r->duplicate) CHECK(answered.insert(r->seq).second);
        replies.push_back(r->seq);
      }
    CHECK(sent.size() <= c.count);
    const auto s = ping.summary();
    CHECK(s.sent == sent.size() && s.received == answered.size() && s.received <= s.sent);
    return replies;
  };
  ping.start(now);
  take();
  for (int step = 0; step < 64 && in.remaining_bytes() > 0; ++step) {
    if (in.ConsumeIntegralInRange(0, 3) == 0) {
      now += milliseconds(in.ConsumeIntegralInRange(0, 1500));
      ping.on_timer(now);
      CHECK(take().empty());
      continue;
    }
    const auto d = echo_of(in, sent);
    ping.on_datagram(now, {source(in), d});
    const auto replies = take();
    CHECK(replies.size() <= 1);
    for (auto seq : replies) {
      // Only the reserved bytes (5-7) and the send time (24-31) may differ from the probe sent.
      const auto& probe = sent.at(seq - 1);
      CHECK(d.size() == probe.size());
      for (std::size_t i = 0; i < d.size(); ++i)
        if (i < 5 || (i >= 8 && i < 24) || i >= 32) CHECK(d[i] == probe[i]);
    }
  }
  for (int round = 0; round < 64 && !ping.finished(); ++round) {
    now += std::chrono::seconds(1);
    ping.on_timer(now);
    take();
  }
  CHECK(ping.finished() && !ping.next_deadline());
  const auto s = ping.summary();
  CHECK(s.sent == c.count && s.lost == s.sent - s.received);
}

void fuzz_discoverer(FuzzedDataProvider& in) {
  discovery::DiscoverConfig c;
  c.targets = {*net::Endpoint::parse("192.0.2.255:7"), kTarget};
  c.probes = in.ConsumeIntegralInRange(1u, 3u);
  c.interval = milliseconds(in.ConsumeIntegralInRange(1, 500));
  c.timeout = milliseconds(in.ConsumeIntegralInRange(1, 1000));
  c.nonce = 77;
  CHECK(!discovery::validate(c));
  discovery::Discoverer d(c);
  Time now{};
  std::vector<std::vector<std::byte>> sent;
  std::uint64_t heard = 0;
  const Time end = now + c.interval * (c.probes - 1) + c.timeout;
  auto take = [&] {
    for (const auto& t : drain(d)) {
      CHECK(t.to == c.targets[0] || t.to == c.targets[1]);
      const auto p = discovery::decode_probe(t.payload);
      CHECK(p && p->nonce == c.nonce && p->seq >= 1 && p->seq <= c.probes);
      sent.push_back(t.payload);
    }
    const auto& s = d.summary();
    CHECK(s.probes_sent == sent.size());
    CHECK(s.responders.size() + s.duplicates + s.stale + s.invalid == heard);
    std::set<net::Endpoint> from;
    for (const auto& r : s.responders) {
      CHECK(from.insert(r.from).second);
      CHECK(r.probe >= 1 && r.probe <= (s.probes_sent + 1) / 2);
      CHECK(r.rtt >= Duration::zero());
    }
  };
  d.start(now);
  take();
  for (int step = 0; step < 64 && in.remaining_bytes() > 0; ++step) {
    switch (in.ConsumeIntegralInRange(0, 3)) {
      case 0:
        now += milliseconds(in.ConsumeIntegralInRange(0, 600));
        d.on_timer(now);
        break;
      case 1: {
        static const char* const kNames[] = {"alpha", "beta", "", "\x1b[2J", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"  /* one byte too long */};
        const char* name = fuzz::pick(in, kNames);
        const auto id = discovery::Identity::make(static_cast<discovery::Role>(in.ConsumeIntegralInRange(1, 3)), name, "1");
        const discovery::Probe probe{in.ConsumeBool() ? c.nonce : in.ConsumeIntegral<std::uint64_t>(),
                                     in.ConsumeIntegralInRange<std::uint32_t>(0, 4)};
        const auto bytes = id ? discovery::encode_reply({probe, *id}) : fuzz::raw_bytes(in);
        if (!d.finished()) ++heard;
        d.on_datagram(now, {source(in), bytes});
        break;
      }
      default: {
        const auto bytes = echo_of(in, sent);
        if (!d.finished()) ++heard;
        d.on_datagram(now, {source(in), bytes});
        break;
      }
    }
    take();
    if (now >= end) CHECK(d.finished());
  }
  d.on_timer(end);
  take();
  CHECK(d.finished() && !d.next_deadline());
}

void fuzz_request(FuzzedDataProvider& in) {
  request::RequestConfig c;
  c.target = kTarget;
  c.message = fuzz::raw_bytes(in);
  c.backoff.initial = milliseconds(in.ConsumeIntegralInRange(1, 300));
  c.backoff.factor = in.ConsumeIntegralInRange(11, 40) / 10.0;
  c.backoff.max_wait = milliseconds(in.ConsumeIntegralInRange(1, 3000));
  c.backoff.jitter = in.ConsumeBool();
  if (request::validate(c.backoff)) return;
  const auto waits = request::backoff_waits(c.backoff);
  std::uint64_t bits = 0x9e3779b97f4a7c15u;
  request::RequestClient client(c, [&] { return bits = bits * 6364136223846793005u + 1442695040888963407u; });
  Time now{};
  std::uint64_t ignored = 0;
  std::optional<std::vector<std::byte>> reply;
  auto take = [&] {
    for (const auto& t : drain(client)) CHECK(t.to == kTarget && t.payload == c.message);
    const auto& s = client.summary();
    CHECK(s.attempts.size() <= waits.size());
    CHECK(s.ignored == ignored);
    CHECK((s.outcome == request::Outcome::replied) == reply.has_value());
    if (reply) CHECK(s.reply == *reply && s.answered_attempt == s.attempts.size());
  };
  client.start(now);
  take();
  for (int step = 0; step < 64 && in.remaining_bytes() > 0; ++step) {
    if (in.ConsumeIntegralInRange(0, 2) == 0) {
      now += milliseconds(in.ConsumeIntegralInRange(0, 2000));
      client.on_timer(now);
    } else {
      const auto from = source(in);
      const auto d = fuzz::raw_bytes(in);
      if (!client.finished()) {
        if (from == kTarget || from == kTargetMapped) reply = d;
        else ++ignored;
      }
      client.on_datagram(now, {from, d});
    }
    take();
  }
  for (int round = 0; round < 200 && !client.finished(); ++round) {
    now += std::chrono::seconds(1);
    client.on_timer(now);
    take();
  }
  CHECK(client.finished() && !client.next_deadline());
}

void fuzz_server(FuzzedDataProvider& in) {
  echo::ServerConfig c;
  c.reply_length = in.ConsumeBool();
  c.broadcast_addresses = {*net::IpAddress::parse("192.0.2.255")};
  if (in.ConsumeBool()) c.discovery = *discovery::Identity::make(discovery::Role::echo_server, "fuzz", "1");
  echo::EchoServer server(c);
  std::uint64_t received = 0;
  for (int step = 0; step < 64 && in.remaining_bytes() > 0; ++step) {
    const auto from = source(in);
    const auto d = in.ConsumeBool() ? discovery::encode_probe({in.ConsumeIntegral<std::uint64_t>(), 1}) : fuzz::raw_bytes(in);
    server.on_datagram(Time{}, {from, d});
    ++received;
    const auto sent = drain(server);
    if (net::refuse_reply_to(from, c.broadcast_addresses)) {
      CHECK(sent.empty());
      continue;
    }
    CHECK(sent.size() == 1 && sent[0].to == from);
    if (c.discovery && discovery::decode_probe(d)) {
      CHECK(sent[0].payload.size() <= d.size() && discovery::decode_reply(sent[0].payload));
    } else if (c.reply_length) {
      CHECK(udplab::util::as_chars(sent[0].payload) == echo::length_reply(d.size()));
    } else {
      CHECK(sent[0].payload == d);
    }
  }
  const auto& s = server.stats();
  CHECK(s.received == received && s.replied + s.refused == received);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  switch (in.ConsumeIntegralInRange(0, 3)) {
    case 0: fuzz_ping(in); break;
    case 1: fuzz_discoverer(in); break;
    case 2: fuzz_request(in); break;
    case 3: fuzz_server(in); break;
  }
  return 0;
}
