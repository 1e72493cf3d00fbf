// One request-client experiment body shared by the live and the simulated suites.
#pragma once

#include <boost/test/unit_test.hpp>

#include <functional>

#include "workload/request_workload.hpp"

namespace udplab::test {

struct RequestRun {
  request::RequestSummary summary;
  std::vector<request::RequestEvent> events;
};

// `run(done)` must run the runtimes' loop until done() is true (or give up). `before_run` may act
// once the client is started (e.g. aim stray datagrams at it).
inline RequestRun run_request(transport::Runtime& client_rt, request::RequestConfig config,
                              const std::function<void(const std::function<bool()>&)>& run,
                              workload::RequestOptions options = {}, request::RandomBits random = {},
                              const std::function<void(workload::RequestWorkload&)>& before_run = {}) {
  workload::RequestWorkload client(client_rt, std::move(config), std::move(random), options);
  RequestRun result;
  client.on_event([&](const request::RequestEvent& e) { result.events.push_back(e); });
  auto error = client.start();
  BOOST_REQUIRE_MESSAGE(!error, error.value_or(""));
  if (before_run) before_run(client);
  run([&] { return client.finished(); });
  BOOST_REQUIRE(client.finished());
  result.summary = client.summary();
  return result;
}

// A live server answers the first attempt.
inline void check_answered_at_once(const RequestRun& r, std::string_view reply) {
  BOOST_TEST(request::to_string(r.summary.outcome) == "replied");
  BOOST_TEST(r.summary.answered_attempt == 1u);
  BOOST_TEST(r.summary.attempts.size() == 1u);
  BOOST_TEST(std::string_view(reinterpret_cast<const char*>(r.summary.reply.data()), r.summary.reply.size()) == reply);
  BOOST_TEST(r.summary.rtt == r.summary.total);
  BOOST_TEST(r.summary.ignored == 0u);
}

// A closed port: refused after the first attempt, long before its timeout.
inline void check_refused_at_once(const RequestRun& r) {
  BOOST_TEST(request::to_string(r.summary.outcome) == "refused");
  BOOST_TEST(r.summary.attempts.size() == 1u);
  BOOST_TEST(r.summary.total < r.summary.attempts[0].wait);
}

}  // namespace udplab::test
