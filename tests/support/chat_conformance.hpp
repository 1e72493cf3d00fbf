// One chat experiment body shared by the live and the simulated suites: a room, and alice and bob
// talking through it from scripts.
#pragma once

#include <boost/test/unit_test.hpp>

#include <functional>
#include <memory>

#include "workload/chat_workloads.hpp"

namespace udplab::test {

struct ChatRun {
  std::vector<chat::ClientEvent> alice_events, bob_events;
  chat::ClientStats alice, bob;
  std::string alice_nick, bob_nick;
  chat::RoomStats room;
};

inline std::vector<chat::ScriptStep> chat_steps(std::string_view script) {
  auto steps = chat::parse_script(script);
  if (!steps) BOOST_FAIL(steps.error());
  return *steps;
}

// The room is already started at `room_at`. `run(done)` runs the runtimes' loops until done() (or
// gives up). Alice and bob start together; bob speaks at 200 ms and 600 ms, alice at 400 ms, then
// asks who is there; both linger 500 ms after their scripts and leave.
inline ChatRun run_chat_conversation(transport::Runtime& alice_rt, transport::Runtime& bob_rt,
                                     const net::Endpoint& room_at, const workload::ChatRoomWorkload& room,
                                     const std::function<void(const std::function<bool()>&)>& run) {
  auto config = [&](std::string nick, std::uint64_t session) {
    chat::ClientConfig c;
    c.peer = room_at;
    c.nick = std::move(nick);
    c.session = session;
    c.linger = std::chrono::milliseconds(500);
    return c;
  };
  ChatRun result;
  workload::ChatClientWorkload alice(alice_rt, config("alice", 0xA), {});
  workload::ChatClientWorkload bob(bob_rt, config("bob", 0xB), {});
  alice.on_event([&](const chat::ClientEvent& e) { result.alice_events.push_back(e); });
  bob.on_event([&](const chat::ClientEvent& e) { result.bob_events.push_back(e); });
  for (auto* c : {&alice, &bob})
    if (auto error = c->start()) BOOST_FAIL(*error);
  for (auto& s : chat_steps("/wait 200ms\nhi alice\n/wait 400ms\nstill there?\n")) bob.enqueue(std::move(s));
  for (auto& s : chat_steps("/wait 400ms\nhello bob\n/who\n")) alice.enqueue(std::move(s));
  bob.end_input();
  alice.end_input();
  run([&] { return alice.finished() && bob.finished(); });
  BOOST_REQUIRE(alice.finished() && bob.finished());
  result.alice = alice.engine().stats();
  result.bob = bob.engine().stats();
  result.alice_nick = alice.engine().nick();
  result.bob_nick = bob.engine().nick();
  result.room = room.engine().stats();
  return result;
}

// On a clean path everyone hears everything once, in order, and the room sees both come and go.
inline void check_clean_conversation(const ChatRun& r) {
  BOOST_TEST(r.alice_nick == "alice");
  BOOST_TEST(r.bob_nick == "bob");
  BOOST_TEST(r.alice.sent == 1u);
  BOOST_TEST(r.bob.sent == 2u);
  BOOST_TEST(r.alice.heard.received == 2u);
  BOOST_TEST(r.bob.heard.received == 1u);
  for (const auto* s : {&r.alice, &r.bob}) {
    BOOST_TEST(s->heard.lost == 0u);
    BOOST_TEST(s->heard.late == 0u);
    BOOST_TEST(s->heard.duplicates == 0u);
    BOOST_TEST(s->invalid == 0u);
  }
  std::vector<std::string> heard_by_alice;
  std::optional<chat::client_event::Members> members;
  for (const auto& e : r.alice_events) {
    if (const auto* m = std::get_if<chat::client_event::Message>(&e)) heard_by_alice.push_back(m->from + ": " + m->text);
    if (const auto* m = std::get_if<chat::client_event::Members>(&e)) members = *m;
  }
  BOOST_TEST(heard_by_alice == (std::vector<std::string>{"bob: hi alice", "bob: still there?"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE(members);
  BOOST_TEST(members->total == 2u);
  BOOST_TEST(r.room.joined == 2u);
  BOOST_TEST(r.room.messages == 3u);
  BOOST_TEST(r.room.relayed == 3u);
}

}  // namespace udplab::test
