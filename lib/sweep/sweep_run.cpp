#include "sweep/sweep_run.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include <google/protobuf/descriptor.h>

#include "scenario/plan.hpp"
#include "scenario/run.hpp"
#include "sweep/param_path.hpp"

namespace udplab::sweep {
namespace pb = google::protobuf;
namespace {

void flatten(const pb::Message& m, const std::string& prefix, std::vector<std::pair<std::string, double>>& out) {
  const pb::Descriptor* d = m.GetDescriptor();
  const pb::Reflection* r = m.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const pb::FieldDescriptor* f = d->field(i);
    if (f->is_repeated()) continue;
    const std::string name = prefix + "." + f->name();
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_DOUBLE: out.emplace_back(name, r->GetDouble(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_FLOAT: out.emplace_back(name, r->GetFloat(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_INT32: out.emplace_back(name, r->GetInt32(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_INT64: out.emplace_back(name, static_cast<double>(r->GetInt64(m, f))); break;
      case pb::FieldDescriptor::CPPTYPE_UINT32: out.emplace_back(name, r->GetUInt32(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_UINT64: out.emplace_back(name, static_cast<double>(r->GetUInt64(m, f))); break;
      case pb::FieldDescriptor::CPPTYPE_BOOL: out.emplace_back(name, r->GetBool(m, f) ? 1 : 0); break;
      case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        if (r->HasField(m, f)) flatten(r->GetMessage(m, f), name, out);
        break;
      default: break;
    }
  }
}

struct Result {
  std::vector<std::pair<std::string, double>> metrics;
  std::string error;
};

Result run_point(const SweepOptions& options, const GridPoint& point) {
  Result result;
  v1::Scenario scenario = options.scenario;
  for (std::size_t k = 0; k < options.varies.size(); ++k) {
    if (auto ok = set_field(scenario, options.varies[k].path, point.values[k]); !ok) {
      result.error = ok.error();
      return result;
    }
  }
  auto plan = scenario::compile(scenario);
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

std::vector<std::pair<std::string, double>> workload_metrics(const v1::SimulationReport& report) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& w : report.workloads()) {
    const pb::Reflection* r = w.GetReflection();
    const pb::OneofDescriptor* result = w.GetDescriptor()->FindOneofByName("result");
    if (const pb::FieldDescriptor* f = r->GetOneofFieldDescriptor(w, result)) flatten(r->GetMessage(w, f), w.name(), out);
  }
  return out;
}

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
  table.columns = {"point", "seed"};
  for (const auto& v : options.varies) table.columns.push_back(v.path);
  // Metric columns in the order they first appear, in grid order (so every shard agrees as long as
  // each metric appears in its points).
  std::vector<std::string> metrics;
  for (const auto& r : results)
    for (const auto& [name, value] : r.metrics)
      if (std::find(metrics.begin(), metrics.end(), name) == metrics.end()) metrics.push_back(name);
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
