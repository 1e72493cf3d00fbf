// A scenario run in netsim with its trace kept as JSON Lines, as `udplab sim --out` keeps it.
#pragma once

#include <boost/test/unit_test.hpp>

#include <optional>
#include <sstream>
#include <string>

#include "netsim/trace_jsonl.hpp"
#include "scenario/load.hpp"
#include "scenario/run.hpp"

namespace udplab::test {

struct TracedRun {
  v1::SimulationReport report;
  std::string trace_jsonl;
  std::uint64_t trace_lines = 0;
};

// Runs the scenario `text` (named `source` in errors), with `seed` instead of its own if given.
inline TracedRun run_traced(const std::string& text, const std::string& source, std::optional<std::uint64_t> seed = {}) {
  auto loaded = scenario::parse_scenario(text, source);
  if (!loaded) BOOST_FAIL(loaded.error());
  auto plan = scenario::compile(loaded->scenario);
  if (!plan) BOOST_FAIL(loaded->locate(plan.error().path, plan.error().message));
  std::ostringstream trace;
  netsim::JsonlTraceWriter writer(&trace);
  scenario::RunOptions options;
  options.seed = seed;
  options.sinks.push_back(&writer);
  scenario::ScenarioRun run(std::move(*plan), options);
  run.run();
  return {run.report(), trace.str(), writer.lines()};
}

}  // namespace udplab::test
