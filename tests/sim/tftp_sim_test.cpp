// TFTP in netsim: transfers through random loss from 0 to 30%, several seeds, downloads and
// uploads, lock-step, RFC 7440 windows and udplab's sliding windows. Each one must either deliver the exact file or abort with a
// clear reason — never hang, never leave a wrong file anywhere.
#include <boost/test/unit_test.hpp>

#include "scenario/load.hpp"
#include "scenario/run.hpp"
#include "util/format.hpp"

using namespace udplab;

namespace {

struct Outcome {
  v1::TftpTransferReport client;
  v1::TftpServerReport server;
  double virtual_time_s = 0;
};

Outcome run(double loss, std::uint64_t seed, bool put, std::uint32_t window, bool sliding = true) {
  const std::string window_options =
      window > 1 ? util::format("windowsize: %u rfc7440_windows: %s", window, sliding ? "false" : "true") : "";
  const std::string client = put ? util::format(R"(tftp_put { server: "10.0.0.2" remote: "up.bin" timeout: "200ms" %s
                                                   upload { size: 20000 seed: 5 } })",
                                                window_options.c_str())
                                 : util::format(R"(tftp_get { server: "10.0.0.2" remote: "f.bin" timeout: "200ms" %s })",
                                                window_options.c_str());
  const std::string text = util::format(R"(
    name: "sweep" seed: %llu duration: "900s"
    hosts { name: "c" } hosts { name: "s" }
    links { name: "l" a: "c" a_address: "10.0.0.1/24" b: "s" b_address: "10.0.0.2/24"
            a_to_b { delay: "5ms" loss_percent: %g } b_to_a { delay: "5ms" loss_percent: %g } }
    workloads { name: "server" host: "s"
                tftp_server { files { name: "f.bin" size: 20000 seed: 5 } create: true timeout: "200ms" } }
    workloads { name: "client" host: "c" %s })",
                                        static_cast<unsigned long long>(seed), loss, loss, client.c_str());
  auto loaded = scenario::parse_scenario(text, "sweep");
  if (!loaded) BOOST_FAIL(loaded.error());
  auto plan = scenario::compile(loaded->scenario);
  if (!plan) BOOST_FAIL(loaded->locate(plan.error().path, plan.error().message));
  scenario::RunOptions options;
  options.digest = false;
  scenario::ScenarioRun r(std::move(*plan), options);
  r.run();
  auto report = r.report();
  Outcome o;
  o.virtual_time_s = report.virtual_time_s();
  for (const auto& w : report.workloads()) {
    if (w.name() == "client") o.client = w.tftp();
    if (w.name() == "server") o.server = w.tftp_server();
  }
  return o;
}

// Runs a scenario given as text to its end.
v1::SimulationReport run_text(const std::string& text, const std::string& name) {
  auto loaded = scenario::parse_scenario(text, name);
  if (!loaded) BOOST_FAIL(loaded.error());
  auto plan = scenario::compile(loaded->scenario);
  if (!plan) BOOST_FAIL(loaded->locate(plan.error().path, plan.error().message));
  scenario::ScenarioRun r(std::move(*plan));
  r.run();
  return r.report();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tftp_sim_test)

BOOST_AUTO_TEST_CASE(loss_sweep_completes_or_aborts_cleanly_and_never_corrupts) {
  int completed = 0, aborted = 0;
  for (double loss : {0.0, 5.0, 10.0, 20.0, 30.0}) {
    for (std::uint64_t seed : {1, 2, 3}) {
      for (bool put : {false, true}) {
        for (auto [window, sliding] : {std::pair{1u, false}, {4u, false}, {4u, true}, {16u, true}}) {
          BOOST_TEST_CONTEXT("loss " << loss << "%, seed " << seed << (put ? ", put" : ", get") << ", window " << window
                                     << (sliding ? " sliding" : "")) {
            auto o = run(loss, seed, put, window, sliding);
            if (o.client.ok()) BOOST_TEST(o.client.negotiated().sliding() == (sliding && o.client.negotiated().windowsize() > 1));
            // Never hangs: every run ends long before the 900 s limit, by itself.
            BOOST_TEST(o.virtual_time_s < 300.0);
            if (o.client.ok()) {
              ++completed;
              BOOST_TEST(o.client.verified());
              BOOST_TEST(o.client.bytes() == 20000u);
            } else {
              ++aborted;
              BOOST_TEST(o.client.failure() == "timeout", o.client.error());
              BOOST_TEST(o.client.error().rfind("timed out: ", 0) == 0u, o.client.error());
              BOOST_TEST(o.client.sha256().empty());  // nothing was kept
            }
            if (loss == 0.0) BOOST_TEST((o.client.ok() && o.client.retransmissions() == 0u));
            // Whatever the server holds under the uploaded name is the complete upload.
            for (const auto& f : o.server.files()) {
              if (f.name() != "up.bin") continue;
              BOOST_TEST(f.size() == 20000u);
              BOOST_TEST(f.sha256() == o.client.expected_sha256());
            }
            BOOST_TEST(o.server.requests() >= 1u);
          }
        }
      }
    }
  }
  BOOST_TEST_MESSAGE(completed << " transfers completed, " << aborted << " aborted");
  BOOST_TEST(completed >= 100);  // most survive even 30% loss each way, thanks to retries
}

// The server's first answer (the OACK) is lost: the client repeats its request, which must not
// start a second transfer next to the first (the session repeats its OACK by itself).
BOOST_AUTO_TEST_CASE(a_repeated_request_starts_no_second_session) {
  auto report = run_text(R"(
    name: "repeat" seed: 1 duration: "60s"
    hosts { name: "c" } hosts { name: "s" }
    links { name: "l" a: "c" a_address: "10.0.0.1/24" b: "s" b_address: "10.0.0.2/24"
            a_to_b { delay: "5ms" } b_to_a { delay: "5ms" drop_packets: [1] } }
    workloads { name: "server" host: "s" tftp_server { files { name: "f" size: 3000 } timeout: "300ms" } }
    workloads { name: "client" host: "c" tftp_get { server: "10.0.0.2" remote: "f" tsize: true timeout: "200ms" } })",
                         "repeat");
  const auto& client = report.workloads(1).tftp();
  const auto& server = report.workloads(0).tftp_server();
  BOOST_TEST(client.ok(), client.error());
  BOOST_TEST(client.verified());
  BOOST_TEST(client.retransmissions() == 1u);  // the request, once
  BOOST_TEST(server.requests() == 1u);
  BOOST_TEST(server.transfers_size() == 1);
}

BOOST_AUTO_TEST_CASE(a_host_without_a_server_refuses_the_request_at_once) {
  // netsim answers the request with a port unreachable, which the client's socket hears as Linux's
  // does with IP_RECVERR: the transfer ends after one round trip, not after its retransmissions.
  auto report = run_text(R"(
    name: "refused" seed: 1 duration: "60s"
    hosts { name: "c" } hosts { name: "s" }
    links { name: "l" a: "c" a_address: "10.0.0.1/24" b: "s" b_address: "10.0.0.2/24"
            a_to_b { delay: "5ms" } b_to_a { delay: "5ms" } }
    workloads { name: "client" host: "c" tftp_get { server: "10.0.0.2" remote: "f" timeout: "1s" } })",
                         "refused");
  const auto& client = report.workloads(0).tftp();
  BOOST_TEST(!client.ok());
  BOOST_TEST(client.failure() == "unreachable");
  BOOST_TEST(client.error() == "connection refused: nothing listens at 10.0.0.2:69");
  BOOST_TEST(client.retransmissions() == 0u);
  BOOST_TEST(client.duration_s() < 0.02, client.duration_s());  // one 10 ms round trip
}

BOOST_AUTO_TEST_CASE(same_seed_same_transfer) {
  auto a = run(10.0, 7, false, 4);
  auto b = run(10.0, 7, false, 4);
  BOOST_TEST(a.client.SerializeAsString() == b.client.SerializeAsString());
  BOOST_TEST(a.client.retransmissions() > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
