// Same scenario + same seed = byte-identical trace and report; another seed = another run.
#include <boost/test/unit_test.hpp>

#include "report/json.hpp"
#include "scenario/embedded.hpp"
#include "support/traced_run.hpp"
#include "util/sha256.hpp"

using namespace udplab;

namespace {

struct Outcome {
  std::string report_json;
  std::string trace_jsonl;
};

Outcome run_default(std::optional<std::uint64_t> seed, const std::string& extra = "") {
  auto run = test::run_traced(std::string(scenario::default_scenario_text()) + extra, "default", seed);
  return {report::to_json(run.report), std::move(run.trace_jsonl)};
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
  BOOST_TEST(util::sha256_hex(a.trace_jsonl) == "e7ab307d132969f79ab1f9c0230838b9177f8b42efd65814d1536cd173019761");
}

// A long run through every impairment at once: a flood across a link with correlated normal
// jitter, Gilbert-Elliott bursts, duplication, corruption, reordering, a rate limit with a small
// queue, fragments, and a timeline. Its digest is pinned like the default's.
const char* kEverything = R"(
  name: "everything" seed: 42 duration: "60s"
  hosts { name: "a" } hosts { name: "b" } hosts { name: "r" forwarding: true } hosts { name: "c" }
  links { name: "ab" a: "a" a_address: "10.0.0.1/24" b: "r" b_address: "10.0.0.254/24" mtu: 1400
    a_to_b { delay: "3ms" jitter: "1ms" delay_correlation_percent: 30 distribution: NORMAL
             loss_gemodel { p_percent: 1 r_percent: 30 } duplicate_percent: 2 corrupt_percent: 1
             reorder_percent: 5 rate: "50mbit" limit: 40 }
    b_to_a { delay: "3ms" jitter: "2ms" distribution: PARETONORMAL loss_percent: 2 loss_correlation_percent: 25 } }
  segments { name: "lan"
    members { host: "r" address: "10.0.1.254/24" }
    members { host: "b" address: "10.0.1.2/24" egress { loss_state { p13_percent: 1 p31_percent: 40 p32_percent: 20 p23_percent: 10 p14_percent: 0.5 } } }
    members { host: "c" address: "10.0.1.3/24" } }
  timeline { at: "1s" set { link: "lan" from: "b" impairments { delay: "1ms" jitter: "500us" distribution: PARETO } } }
  timeline { at: "2s" cut { link: "lan" host: "c" } }
  timeline { at: "2500ms" partition { groups { hosts: "a" } groups { hosts: "b" } } }
  timeline { at: "2600ms" heal {} }
  workloads { host: "b" echo_server {} }
  workloads { host: "a" echo_ping { target: "10.0.1.2:7" count: 20000 flood: true window: 32 size: 2000 timeout: "100ms" } }
)";

std::string run_everything(const std::string& kind) {
  auto run = test::run_traced(kEverything, "everything");
  return kind == "trace" ? std::move(run.trace_jsonl) : report::to_json(run.report);
}

BOOST_AUTO_TEST_CASE(long_trace_of_every_impairment_is_pinned) {
  const std::string trace = run_everything("trace");
  BOOST_TEST(std::count(trace.begin(), trace.end(), '\n') > 100'000);
  for (const char* what : {"\"reason\":\"loss\"", "\"event\":\"duplicated\"", "\"event\":\"corrupted\"",
                           "\"reason\":\"checksum\"", "\"reason\":\"queue_full\"", "\"event\":\"queued\"",
                           "\"fragment\":", "\"reason\":\"partition\"", "\"event\":\"forwarded\""})
    BOOST_TEST(trace.find(what) != std::string::npos, what);
  BOOST_TEST(trace == run_everything("trace"));
  BOOST_TEST(util::sha256_hex(trace) == "3af11ab4a440bc28d4f11efa715592c67bbab05dadae4fe0a0e24fd5d6441049");
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
