// Scenario timelines: changing impairments, cutting links and partitioning hosts mid-run.
#include <boost/test/unit_test.hpp>

#include "scenario/run.hpp"

using namespace udplab;

namespace {

// 100 probes, one every 10 ms from t=0, across a clean 5 ms link; `timeline` is added as is.
struct Outcome {
  v1::SimulationReport report;
  std::vector<netsim::RecordedEvent> events;
};

Outcome run_with(const std::string& timeline) {
  const std::string text = R"(
    name: "timeline" seed: 3 duration: "10s"
    hosts { name: "a" } hosts { name: "b" } hosts { name: "c" }
    segments { name: "lan"
      members { host: "a" address: "10.0.0.1/24" egress { delay: "5ms" } }
      members { host: "b" address: "10.0.0.2/24" egress { delay: "5ms" } }
      members { host: "c" address: "10.0.0.3/24" } }
    workloads { host: "b" echo_server {} }
    workloads { host: "a" echo_ping { target: "10.0.0.2:7" count: 100 interval: "10ms" timeout: "200ms" } }
  )" + timeline;
  auto loaded = scenario::parse_scenario(text, "timeline");
  if (!loaded) BOOST_FAIL(loaded.error());
  auto plan = scenario::compile(loaded->scenario);
  if (!plan) BOOST_FAIL(loaded->locate(plan.error().path, plan.error().message));
  netsim::TraceRecorder recorder;
  scenario::RunOptions options;
  options.sinks.push_back(&recorder);
  scenario::ScenarioRun run(std::move(*plan), options);
  run.run();
  return {run.report(), recorder.events()};
}

const v1::EchoPingReport& ping(const Outcome& o) { return o.report.workloads(1).echo_ping(); }

std::size_t drops(const Outcome& o, netsim::DropReason reason) {
  std::size_t n = 0;
  for (const auto& e : o.events) n += e.kind == netsim::TraceKind::dropped && e.reason == reason;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(timeline_test)

BOOST_AUTO_TEST_CASE(without_timeline_nothing_is_lost) {
  auto o = run_with("");
  BOOST_TEST(ping(o).received() == 100u);
}

BOOST_AUTO_TEST_CASE(a_cut_loses_what_crosses_it_and_a_restore_heals_it) {
  // Probes leave every 10 ms; the link is down in [300 ms, 600 ms). Probes sent at 300..590 ms are
  // dropped on the way out (30), and the reply to the probe sent at 290 ms is on the wire (it left
  // b at 295 ms, due at a at 300 ms) when the cut happens: lost at a's side. 31 in all.
  auto o = run_with(R"(
    timeline { at: "300ms" cut { link: "lan" } }
    timeline { at: "600ms" restore { link: "lan" } })");
  BOOST_TEST(ping(o).lost() == 31u);
  BOOST_TEST(drops(o, netsim::DropReason::link_down) == 31u);
}

BOOST_AUTO_TEST_CASE(cutting_one_attachment_only) {
  auto o = run_with(R"(
    timeline { at: "0s" cut { link: "lan" host: "c" } })");
  BOOST_TEST(ping(o).received() == 100u);  // a and b are unaffected
}

BOOST_AUTO_TEST_CASE(partition_and_heal) {
  auto o = run_with(R"(
    timeline { at: "200ms" partition { groups { hosts: "a" } groups { hosts: "b" hosts: "c" } } }
    timeline { at: "500ms" heal {} })");
  // Probes sent in [200 ms, 500 ms) are dropped (30), and so is the reply to the probe sent at
  // 190 ms, which reaches the segment at 200 ms, just as the partition begins: 31.
  BOOST_TEST(ping(o).lost() == 31u);
  BOOST_TEST(drops(o, netsim::DropReason::partition) == 31u);
}

BOOST_AUTO_TEST_CASE(impairments_change_mid_run) {
  auto o = run_with(R"(
    timeline { at: "500ms" set { link: "lan" from: "a" impairments { delay: "5ms" loss_percent: 100 } } }
    timeline { at: "800ms" set { link: "lan" from: "a" impairments { delay: "5ms" } } })");
  BOOST_TEST(ping(o).lost() == 30u);  // probes sent at 500..790 ms
  BOOST_TEST(drops(o, netsim::DropReason::loss) == 30u);
  // The change of delay is visible too: while a's egress had 50 ms, RTTs were 55 ms.
  auto slow = run_with(R"(
    timeline { at: "0s" set { link: "lan" from: "a" impairments { delay: "50ms" } } })");
  BOOST_TEST(ping(slow).rtt().min_ms() == 55.0);
}

BOOST_AUTO_TEST_CASE(timeline_errors_name_the_field) {
  auto bad = [](const std::string& timeline) {
    auto loaded = scenario::parse_scenario(R"(
      hosts { name: "a" } hosts { name: "b" }
      links { name: "l" a: "a" a_address: "10.0.0.1/24" b: "b" b_address: "10.0.0.2/24" }
      workloads { host: "b" echo_server {} }
    )" + timeline, "t");
    auto plan = scenario::compile(loaded->scenario);
    return plan ? std::string() : loaded->locate(plan.error().path, plan.error().message);
  };
  BOOST_TEST(bad(R"(timeline { at: "1s" cut { link: "nope" } })").find("timeline[0].cut.link: unknown link or segment 'nope'") !=
             std::string::npos);
  BOOST_TEST(bad(R"(timeline { at: "1s" set { link: "l" from: "zz" } })").find("timeline[0].set.from") != std::string::npos);
  BOOST_TEST(bad(R"(timeline { at: "1s" partition { groups { hosts: "a" } } })").find("at least two groups") !=
             std::string::npos);
  BOOST_TEST(bad(R"(timeline { at: "soon" heal {} })").find("timeline[0].at") != std::string::npos);
  BOOST_TEST(bad(R"(timeline { at: "1s" })").find("no action") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
