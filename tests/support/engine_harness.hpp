// Drives an engine by hand in tests: feeds inputs at chosen times, collects what it sends and emits.
#pragma once

#include <optional>
#include <variant>
#include <vector>

#include "transport/engine.hpp"

namespace udplab::test {

template <class E>
struct Outputs {
  std::vector<transport::Transmit> sent;
  std::vector<typename E::Event> events;
};

template <class E>
Outputs<E> drain(E& engine) {
  Outputs<E> out;
  transport::Transmit t;
  while (engine.poll_transmit(t)) out.sent.push_back(t);
  while (auto e = engine.poll_event()) out.events.push_back(std::move(*e));
  return out;
}

template <class Event, class E>
std::vector<Event> only(const std::vector<E>& events) {
  std::vector<Event> out;
  for (const auto& e : events)
    if (const auto* x = std::get_if<Event>(&e)) out.push_back(*x);
  return out;
}

inline Time at_ms(std::int64_t ms) { return Time{std::chrono::milliseconds(ms)}; }

}  // namespace udplab::test
