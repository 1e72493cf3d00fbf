// The engine contract: what every protocol state machine (echo, chat, request, tftp, ...) offers.
//
// An engine is deterministic and does no I/O: it never reads a clock, sleeps, starts a thread or
// touches a socket. Its methods come in three kinds (after quinn-proto):
//   inputs   start(now), on_datagram(now, datagram), on_error(now, ec), on_timer(now)
//   outputs  poll_transmit(out) -> bool, poll_event() -> optional<Event>, next_deadline()
//   getters  finished() and whatever state the engine chooses to expose
// Optional: after_transmit(now), which transport::Driver calls after every input once the queued
// datagrams are sent, while the input's datagram is still alive, then sends what it queued: for
// work that should not delay those datagrams (a TFTP receiver writes the block it just ACKed).
// Optional: stop(now), a command that ends the engine early (a chat client leaves, a TFTP transfer
// sends ERROR 0); what it queues is output like any other, which transport::Driver::stop sends.
// Optional: on_error(now, ec, about), for an error the socket tied to the destination `about` of a
// datagram it sent (transport::SocketError: an ICMP port unreachable on an unconnected socket);
// transport::Driver calls it instead of on_error(now, ec) when the error names one.
// Engines built on EngineOutputs also offer next_transmit() -> const Transmit*: the queued datagram
// itself, valid until the engine is next called, which the Driver sends without a copy or a swap.
// After every input the caller drains the outputs. on_timer(now) handles every deadline <= now and
// is harmless when none is due, so a driver may wake it early. Tests drive engines directly with
// hand-made datagrams and times; transport::Driver connects them to a Runtime.
#pragma once

#include <concepts>
#include <cstddef>
#include <optional>
#include <span>
#include <system_error>
#include <utility>
#include <vector>

#include "net/address.hpp"
#include "transport/runtime.hpp"
#include "transport/time.hpp"

namespace udplab::transport {

struct Transmit {
  net::Endpoint to;
  std::vector<std::byte> payload;
};

template <class E>
concept Engine = requires(E e, const E ce, Time t, const Datagram& d, std::error_code ec, Transmit& tx) {
  typename E::Event;
  e.start(t);
  e.on_datagram(t, d);
  e.on_error(t, ec);
  e.on_timer(t);
  { e.poll_transmit(tx) } -> std::same_as<bool>;
  { e.poll_event() } -> std::same_as<std::optional<typename E::Event>>;
  { ce.next_deadline() } -> std::same_as<std::optional<Time>>;
  { ce.finished() } -> std::same_as<bool>;
};

// Engines that lend their queued datagrams out instead of handing them over (see above).
template <class E>
concept LendsTransmits = requires(E& e) {
  { e.next_transmit() } -> std::same_as<const Transmit*>;
};

// Engines with the optional after_transmit (see the contract above).
template <class E>
concept DefersWork = requires(E& e, Time t) { e.after_transmit(t); };

// Engines with the optional on_error(now, ec, about) (see the contract above).
template <class E>
concept HearsErrorsAbout = requires(E& e, Time t, std::error_code ec, const net::Endpoint& about) {
  e.on_error(t, ec, about);
};

// Engines with the optional stop command (see the contract above).
template <class E>
concept Stoppable = requires(E& e, Time t) { e.stop(t); };

// Calls engine.after_transmit(now) where the engine has one: for code that drives engines by
// hand, as transport::Driver does.
template <class E>
void after_transmit(E& engine, Time now) {
  if constexpr (DefersWork<E>) engine.after_transmit(now);
}

// Queues an engine's outputs. Payload buffers circulate between the queue and the caller's
// Transmit (poll_transmit swaps them), so a steady stream of datagrams allocates nothing.
template <class Event>
class Outbox {
 public:
  void send(const net::Endpoint& to, std::span<const std::byte> payload) {
    Transmit& slot = next_slot();
    slot.to = to;
    slot.payload.assign(payload.begin(), payload.end());
  }
  // For callers that build the payload in place: returns a cleared buffer to fill.
  std::vector<std::byte>& send_buffer(const net::Endpoint& to) {
    Transmit& slot = next_slot();
    slot.to = to;
    slot.payload.clear();
    return slot.payload;
  }
  void emit(Event event) { events_.push_back(std::move(event)); }
  // Engines skip building events nobody reads (a flood's per-reply events cost more than the echo).
  void set_events_enabled(bool on) { events_enabled_ = on; }
  bool events_enabled() const { return events_enabled_; }

  bool poll_transmit(Transmit& out) {
    const Transmit* next = next_transmit();
    if (next == nullptr) return false;
    out.to = next->to;
    out.payload = next->payload;
    return true;
  }
  // The slot itself: sending from it costs no copy, and the slot keeps its buffer for the next
  // send. No buffers are swapped with the caller's: a swap reloads vector pointers just stored in
  // halves, which the CPU cannot forward from those stores.
  const Transmit* next_transmit() {
    if (head_ == count_) {
      head_ = count_ = 0;
      return nullptr;
    }
    return &slots_[head_++];
  }
  std::optional<Event> poll_event() {
    if (event_head_ == events_.size()) {
      events_.clear();  // keeps the capacity
      event_head_ = 0;
      return std::nullopt;
    }
    return std::move(events_[event_head_++]);
  }
  std::size_t pending_transmits() const { return count_ - head_; }

 private:
  Transmit& next_slot() {
    if (count_ == slots_.size()) slots_.emplace_back();
    return slots_[count_++];
  }
  std::vector<Transmit> slots_;
  std::size_t head_ = 0;
  std::vector<Event> events_;
  // Not next to head_: side by side, GCC merges the two resets to zero into one 16-byte store,
  // which the next send's 8-byte load of count_ cannot be forwarded from.
  std::size_t count_ = 0;
  std::size_t event_head_ = 0;
  bool events_enabled_ = true;
};

// Engines that keep their outputs in an Outbox inherit the two poll methods from here.
template <class Event>
class EngineOutputs {
 public:
  bool poll_transmit(Transmit& out) { return out_.poll_transmit(out); }
  const Transmit* next_transmit() { return out_.next_transmit(); }
  std::optional<Event> poll_event() { return out_.poll_event(); }
  // Turn events off when nobody reads them; counters and summaries are kept either way.
  void set_events_enabled(bool on) { out_.set_events_enabled(on); }

 protected:
  Outbox<Event> out_;
};

}  // namespace udplab::transport
