// libFuzzer target: the chat client engine (ChatClient) fed scripts of datagrams from its peer
// (also by its IPv4-mapped address) and from strangers, lines the user types (messages, too-long
// lines, /wait, /who, /quit), the end of input, a stop, and time passing. Invariants, checked after
// every step (a violation traps):
//   - every datagram sent goes to the peer and is a chat message within kMaxDatagram; our own
//     messages carry our session and are numbered 1, 2, 3... with no number skipped or repeated;
//   - a stranger's datagram changes nothing but the `ignored` count; a finished client sends and
//     reports nothing;
//   - no message is shown twice, nor after it was reported lost, until its sender restarts or
//     leaves (then numbering starts afresh); the counts (received, lost) match what was reported;
//   - once the input has ended, the client always has a deadline until it finishes, and it
//     finishes when time runs on.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "chat/chat_client.hpp"
#include "chat_datagrams.hpp"
#include "fuzz_script.hpp"
#include "util/overloaded.hpp"

namespace chat = udplab::chat;
namespace net = udplab::net;
namespace fuzz = udplab::fuzz;
namespace ev = udplab::chat::client_event;
using udplab::Time;

namespace {

const net::Endpoint kPeer = *net::Endpoint::parse("192.0.2.1:5000");
const net::Endpoint kPeerMapped = *net::Endpoint::parse("[::ffff:192.0.2.1]:5000");
const char* const kStrangers[] = {"192.0.2.1:5001", "192.0.2.2:5000", "[2001:db8::1]:5000", "0.0.0.0:0"};
const auto kStrangerEndpoints = fuzz::endpoints(kStrangers);

// What one sender's messages have done since its session began.
struct Heard {
  std::set<std::uint64_t> shown;
  std::vector<chat::SeqRange> lost;
  bool was_lost(std::uint64_t seq) const {
    for (const auto& r : lost)
      if (seq >= r.first && seq <= r.last) return true;
    return false;
  }
};

struct Client {
  chat::ClientConfig config;
  chat::ChatClient client;
  Time now{};
  std::uint64_t next_seq = 1;
  std::uint64_t shown = 0, lost = 0;
  std::map<std::string, Heard> heard;

  explicit Client(chat::ClientConfig c) : config(c), client(std::move(c)) {}

  // Drains and checks what the client sent and reported; returns how many of each.
  std::pair<std::size_t, std::size_t> drain() {
    std::size_t sends = 0, events = 0;
    udplab::transport::Transmit t;
    while (client.poll_transmit(t)) {
      ++sends;
      CHECK(t.to == config.peer);
      CHECK(t.payload.size() <= chat::kMaxDatagram);
      const auto m = chat::decode(t.payload);
      CHECK(m.has_value());
      if (const auto* text = std::get_if<chat::msg::Text>(&*m)) {
        CHECK(text->session == config.session);
        CHECK(text->seq == next_seq++);
      }
    }
    // A restart is reported first, then the gaps its old session leaves: those are not the new
    // session's.
    std::optional<std::string> restarted;
    while (auto e = client.poll_event()) {
      ++events;
      if (const auto* l = std::get_if<ev::Lost>(&*e); l && restarted && l->from == *restarted) {
        lost += l->range.count();
        continue;
      }
      restarted.reset();
      std::visit(udplab::util::Overloaded{
                     [&](ev::Message& m) {
                       auto& h = heard[m.from];
                       CHECK(h.shown.insert(m.seq).second);
                       CHECK(!h.was_lost(m.seq));
                       ++shown;
                     },
                     [&](ev::Lost& l) {
                       auto& h = heard[l.from];
                       CHECK(l.range.first >= 1 && l.range.first <= l.range.last);
                       for (auto s = h.shown.lower_bound(l.range.first); s != h.shown.end(); ++s) CHECK(*s > l.range.last);
                       h.lost.push_back(l.range);
                       lost += l.range.count();
                     },
                     [&](ev::Restarted& r) {
                       heard.erase(r.from);
                       restarted = r.from;
                     },
                     [&](ev::Notice& n) {
                       if (n.kind == chat::msg::NoticeKind::left || n.kind == chat::msg::NoticeKind::timed_out) heard.erase(n.nick);
                     },
                     [](auto&) {},
                 },
                 *e);
    }
    const auto& stats = client.stats();
    CHECK(stats.heard.received == shown);
    CHECK(stats.heard.lost == lost);
    return {sends, events};
  }

  void datagram(const net::Endpoint& from, const std::vector<std::byte>& d) {
    const bool was_finished = client.finished();
    const auto ignored = client.stats().ignored;
    client.on_datagram(now, {from, d});
    const auto [sends, events] = drain();
    if (was_finished) CHECK(sends == 0 && events == 0);
    if (from != kPeer && from != kPeerMapped && !was_finished) {
      CHECK(sends == 0 && events == 0);
      CHECK(client.stats().ignored == ignored + 1);
    }
  }

  void command(FuzzedDataProvider& in) {
    const bool was_finished = client.finished();
    switch (in.ConsumeIntegralInRange(0, 6)) {
      case 0:
      case 1: client.enqueue(now, chat::step::Say{in.ConsumeBool() ? std::string("hello") : in.ConsumeRandomLengthString(1100)}); break;
      case 2: client.enqueue(now, chat::step::Wait{std::chrono::milliseconds(in.ConsumeIntegralInRange(0, 5000))}); break;
      case 3: client.enqueue(now, chat::step::Who{}); break;
      case 4: client.enqueue(now, chat::step::Quit{}); break;
      case 5: client.end_input(now); break;
      case 6: client.stop(now); break;
    }
    const auto [sends, events] = drain();
    if (was_finished) CHECK(sends == 0 && events == 0);
  }

  void timers() {
    const bool was_finished = client.finished();
    client.on_timer(now);
    const auto [sends, events] = drain();
    if (was_finished) CHECK(sends == 0 && events == 0);
    if (!client.finished() && config.keepalive > udplab::Duration::zero()) CHECK(client.next_deadline().has_value());
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  chat::ClientConfig config;
  config.peer = kPeer;
  config.nick = in.ConsumeBool() ? "alice" : "";
  config.session = in.ConsumeIntegralInRange<std::uint64_t>(0, 2);
  // Keepalives of at least 200 ms: the end of the run wakes the client at each one.
  config.keepalive = in.ConsumeBool() ? udplab::Duration::zero() : std::chrono::milliseconds(in.ConsumeIntegralInRange(200, 5000));
  config.reorder_window = std::chrono::milliseconds(in.ConsumeIntegralInRange(1, 1000));
  config.linger = std::chrono::milliseconds(in.ConsumeIntegralInRange(0, 2000));
  Client client(config);
  if (in.ConsumeBool()) client.command(in);  // before start: queued
  client.client.start(client.now);
  client.drain();

  for (int step = 0; step < 64 && in.remaining_bytes() > 0; ++step) {
    switch (in.ConsumeIntegralInRange(0, 5)) {
      case 0:
        client.now += std::chrono::milliseconds(in.ConsumeIntegralInRange(0, 3000));
        client.timers();
        break;
      case 1: client.command(in); break;
      case 2: client.datagram(fuzz::pick(in, kStrangerEndpoints), fuzz::chat_datagram(in)); break;
      default: client.datagram(in.ConsumeIntegralInRange(0, 7) == 0 ? kPeerMapped : kPeer, fuzz::chat_datagram(in)); break;
    }
  }
  // The input ends; time runs on, from deadline to deadline as a driver wakes it (each /wait
  // counts from when the client reaches it): what is queued goes out, it lingers, then leaves.
  client.client.end_input(client.now);
  client.drain();
  for (int round = 0; round < 5000 && !client.client.finished(); ++round) {
    const auto next = client.client.next_deadline();
    CHECK(next.has_value());
    client.now = std::max(client.now, *next);
    client.timers();
  }
  CHECK(client.client.finished());
  CHECK(!client.client.next_deadline().has_value());
  return 0;
}
