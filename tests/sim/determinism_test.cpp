// Same scenario + same seed = byte-identical trace and report; another seed = another run.
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "netsim/trace_jsonl.hpp"
#include "report/json.hpp"
#include "scenario/embedded.hpp"
#include "scenario/run.hpp"
#include "util/sha256.hpp"

using namespace udplab;

namespace {

struct Outcome {
  std::string report_json;
  std::string trace_jsonl;
};

Outcome run_default(std::optional<std::uint64_t> seed, const std::string& extra = "") {
  auto loaded = scenario::parse_scenario(std::string(scenario::default_scenario_text()) + extra, "default");
  BOOST_REQUIRE(loaded);
  auto plan = scenario::compile(loaded->scenario);
  BOOST_REQUIRE(plan);
  std::ostringstream trace;
  netsim::JsonlTraceWriter writer(&trace);
  scenario::RunOptions options;
  options.seed = seed;
  options.sinks.push_back(&writer);
  scenario::ScenarioRun run(std::move(*plan), options);
  run.run();
  return {report::to_json(run.report()), trace.str()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(determinism_test)

BOOST_AUTO_TEST_CASE(same_seed_same_bytes) {
  auto a = run_default(std::nullopt);
  auto b = run_default(std::nullopt);
  BOOST_TEST(a.report_json == b.report_json);
  BOOST_TEST(a.trace_jsonl == b.trace_jsonl);
  BOOST_TEST(std::count(a.trace_jsonl.begin(), a.trace_jsonl.end(), '\n') > 700);
}

BOOST_AUTO_TEST_CASE(different_seed_different_run) {
  auto a = run_default(1);
  auto b = run_default(2);
  BOOST_TEST(a.trace_jsonl != b.trace_jsonl);
  BOOST_TEST(a.report_json != b.report_json);
}

// The digest of the default scenario's trace, pinned. It must be the same in Debug, Release and
// sanitizer builds; when a deliberate change to netsim or an engine alters it, update it here and
// say why in the commit.
BOOST_AUTO_TEST_CASE(trace_digest_is_pinned) {
  auto a = run_default(std::nullopt);
  BOOST_TEST(util::sha256_hex(a.trace_jsonl) == "4485547eb55c141589c56c2288a12f5e90ad18b01d08be824a485ea8dfdb7555");
}

// Adding an unrelated host and link must not change what happens on the existing link: each
// random consumer has its own stream.
BOOST_AUTO_TEST_CASE(unrelated_additions_do_not_shift_randomness) {
  auto base = run_default(std::nullopt);
  auto more = run_default(std::nullopt, R"(
hosts { name: "bystander" }
links { name: "side" a: "server" a_address: "10.9.0.1/24" b: "bystander" b_address: "10.9.0.2/24"
        a_to_b { loss_percent: 50 } }
)");
  // The echo workloads see exactly the same losses and reorderings.
  auto cut = [](const std::string& json) {
    auto start = json.find("\"workloads\"");
    auto end = json.find("\"links\"");
    return json.substr(start, end - start);
  };
  BOOST_TEST(cut(base.report_json) == cut(more.report_json));
}

BOOST_AUTO_TEST_SUITE_END()
