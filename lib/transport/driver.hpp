// Driver: the one glue loop between any engine and any Runtime.
//
// It owns the engine's socket and a single timer, feeds datagrams, socket errors and timer wake-ups
// into the engine, sends what the engine queued, hands events to the caller, and keeps the timer on
// the engine's next deadline. The timer is only re-armed when the deadline moves earlier (a late
// deadline just wakes the engine early, which the contract allows): re-arming a live timer for every
// datagram would cost more than the echo itself. It also ends the run (stop()): the engine's stop
// command goes through it like any input, so what stopping queues (a leave, an ERROR 0) is sent
// before the socket closes.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <system_error>
#include <utility>

#include "transport/engine.hpp"
#include "transport/runtime.hpp"

namespace udplab::transport {

template <Engine E>
class Driver {
 public:
  using EventHandler = std::function<void(const typename E::Event&)>;
  using SendErrorHandler = std::function<void(const net::Endpoint&, std::error_code)>;

  Driver(Runtime& runtime, std::unique_ptr<Socket> socket, E& engine)
      : runtime_(runtime), socket_(std::move(socket)), engine_(engine), timer_(runtime.make_timer()) {}
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;
  // Only closes: the engine is not called from a destructor, whose handlers may be gone.
  ~Driver() { close(); }

  void on_event(EventHandler h) { on_event_ = std::move(h); }
  void on_finished(std::function<void()> h) { on_finished_ = std::move(h); }
  // Send failures (EMSGSIZE, EACCES, ...) are reported here; engines learn of them via on_error.
  void on_send_error(SendErrorHandler h) { on_send_error_ = std::move(h); }

  void start() {
    socket_->start_receiving([this](const Datagram& d) { handle_datagram(d); },
                             [this](const SocketError& e) { handle_error(e); });
    engine_.start(runtime_.now());
    pump();
  }

  // Ends the run: an engine that has not finished is stopped (engine.stop(now), for engines that
  // have it), what that queues is sent and its events handed out as after any input, and only
  // then do receiving and the timer stop. The engine keeps its state (summary, counters). Runs
  // once: a second call, or one from the finished handler that the stop itself set off, does
  // nothing.
  void stop() {
    if constexpr (Stoppable<E>)
      stop([](E& e, Time now) { e.stop(now); });
    else
      close();
  }
  // The same with a stop command of the caller's (a TFTP server shutting down names its reason).
  template <class Fn>
  void stop(Fn&& stop_engine) {
    if (stopping_) return;
    stopping_ = true;
    if (!closed_ && !engine_.finished()) {
      stop_engine(engine_, runtime_.now());
      pump();
    }
    close();
  }

  // Runs a command on the engine (fn(engine, now): a line the user typed, "stop") and sends what
  // it queued, as after an input.
  template <class Fn>
  void command(Fn&& fn) {
    if (stopping_) return;
    fn(engine_, runtime_.now());
    pump();
  }

  Socket& socket() { return *socket_; }
  E& engine() { return engine_; }
  bool finished() const { return finished_reported_; }

 private:
  // Stops receiving and cancels the timer.
  void close() {
    if (closed_) return;
    closed_ = true;
    stopping_ = true;
    if (timer_) timer_->cancel();
    if (socket_) socket_->close();
  }

  void handle_datagram(const Datagram& d) {
    if (closed_) return;
    engine_.on_datagram(runtime_.now(), d);
    pump();
  }
  void handle_error(const SocketError& e) {
    if (closed_) return;
    if constexpr (HearsErrorsAbout<E>) {
      if (e.about) engine_.on_error(runtime_.now(), e.code, *e.about);
      else engine_.on_error(runtime_.now(), e.code);
    } else {
      engine_.on_error(runtime_.now(), e.code);
    }
    pump();
  }
  void handle_timer() {
    armed_.reset();
    if (closed_) return;
    engine_.on_timer(runtime_.now());
    pump();
  }

  // Returns whether anything was handed to the socket.
  bool send_queued() {
    bool sent = false;
    if constexpr (LendsTransmits<E>) {
      // `t` lives in the engine until the engine is next called: on_error comes after its last use.
      while (const Transmit* t = engine_.next_transmit()) {
        sent = true;
        if (auto ec = socket_->send_to(t->to, t->payload)) {
          if (on_send_error_) on_send_error_(t->to, ec);
          engine_.on_error(runtime_.now(), ec);
        }
      }
    } else {
      while (engine_.poll_transmit(tx_)) {
        sent = true;
        if (auto ec = socket_->send_to(tx_.to, tx_.payload)) {
          if (on_send_error_) on_send_error_(tx_.to, ec);
          engine_.on_error(runtime_.now(), ec);
        }
      }
    }
    return sent;
  }

  void pump() {
    const bool sent = send_queued();
    if constexpr (DefersWork<E>) {
      // The engine's deferred work must not hold back what it just sent (a TFTP receiver's ACK
      // before it writes the block): out of the socket's batch first.
      if (sent) socket_->flush_sends();
      after_transmit(engine_, runtime_.now());
      send_queued();  // what it reported (a TFTP write error: ERROR 3)
    }
    while (auto ev = engine_.poll_event())
      if (on_event_) on_event_(*ev);
    if (engine_.finished()) {
      if (!finished_reported_) {
        finished_reported_ = true;
        if (on_finished_) on_finished_();
      }
      return;
    }
    if (auto deadline = engine_.next_deadline(); deadline && (!armed_ || *deadline < *armed_)) {
      armed_ = *deadline;
      timer_->arm(*deadline, [this] { handle_timer(); });
    }
  }

  Runtime& runtime_;
  std::unique_ptr<Socket> socket_;
  E& engine_;
  std::unique_ptr<Timer> timer_;
  std::optional<Time> armed_;
  Transmit tx_;
  EventHandler on_event_;
  SendErrorHandler on_send_error_;
  std::function<void()> on_finished_;
  bool stopping_ = false;  // stop() has begun: no more commands
  bool closed_ = false;    // no more inputs
  bool finished_reported_ = false;
};

}  // namespace udplab::transport
