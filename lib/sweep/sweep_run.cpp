#include "sweep/sweep_run.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "scenario/plan.hpp"
#include "scenario/run.hpp"
#include "sweep/metrics.hpp"

namespace udplab::sweep {
namespace {

struct Result {
  std::vector<std::pair<std::string, double>> metrics;
  std::string error;
};

Result run_point(const SweepOptions& options, const GridPoint& point) {
  Result result;
  auto scenario = apply_values(options.scenario, options.varies, point.values);
  if (!scenario) {
    result.error = scenario.error();
    return result;
  }
  auto plan = scenario::compile(*scenario);
  if (!plan) {
    result.error = scenario::to_string(plan.error().path) + ": " + plan.error().message;
    return result;
  }
  scenario::RunOptions run_options;
  run_options.seed = point.seed;
  run_options.digest = false;  // speed: the sweep's table is the result
  scenario::ScenarioRun run(std::move(*plan), run_options);
  run.run();
  const auto report = run.report();
  result.metrics = workload_metrics(report);
  for (const auto& w : report.workloads())
    if (!w.error().empty()) result.error = w.name() + ": " + w.error();
  return result;
}

}  // namespace

std::expected<Table, std::string> run_sweep(const SweepOptions& options) {
  const auto grid = make_grid(options.varies, options.seeds, options.shard);
  std::vector<Result> results(grid.size());
  std::atomic<std::size_t> next{0}, done{0};
  std::vector<std::thread> workers;
  const unsigned jobs = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(grid.size())));
  for (unsigned w = 0; w < jobs; ++w) {
    workers.emplace_back([&] {
      for (std::size_t i = next++; i < grid.size(); i = next++) {
        results[i] = run_point(options, grid[i]);
        ++done;
      }
    });
  }
  std::size_t reported = 0;
  while (options.progress && reported < grid.size()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (done != reported) options.progress(reported = done, grid.size());
  }
  for (auto& t : workers) t.join();

  Table table;
  if (options.shard.count > 1) table.stamp = ShardStamp{options.shard, grid_digest(options.scenario, options.varies, options.seeds)};
  table.columns = {"point", "seed"};
  for (const auto& v : options.varies) table.columns.push_back(v.path);
  const std::vector<std::string> metrics = metric_columns(options.scenario, options.varies);
  table.columns.insert(table.columns.end(), metrics.begin(), metrics.end());
  table.columns.push_back("error");
  for (std::size_t i = 0; i < grid.size(); ++i) {
    std::vector<std::string> row{std::to_string(grid[i].number), std::to_string(grid[i].seed)};
    row.insert(row.end(), grid[i].values.begin(), grid[i].values.end());
    for (const auto& m : metrics) {
      auto it = std::find_if(results[i].metrics.begin(), results[i].metrics.end(), [&](const auto& kv) { return kv.first == m; });
      row.push_back(it == results[i].metrics.end() ? "" : format_value(it->second));
    }
    row.push_back(results[i].error);
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace udplab::sweep
