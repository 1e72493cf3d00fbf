#include "control/registry.hpp"

#include <algorithm>

#include "control/live_runs.hpp"
#include "control/simulation_run.hpp"
#include "scenario/load.hpp"
#include "scenario/plan.hpp"
#include "util/duration.hpp"

namespace udplab::control {
namespace {

std::unexpected<ControlError> error(ControlError::Code code, std::string message) {
  return std::unexpected(ControlError{code, std::move(message)});
}

}  // namespace

std::expected<std::shared_ptr<Run>, ControlError> RunRegistry::admit(v1::RunKind kind, const std::string& description) {
  std::lock_guard lock(mutex_);
  if (shut_down_) return error(ControlError::Code::failed_precondition, "the agent is shutting down");
  unsigned active = 0;
  for (const auto& [n, run] : runs_) active += run->running();
  if (active >= limits_.max_concurrent_runs)
    return error(ControlError::Code::resource_exhausted,
                 "the agent already runs " + std::to_string(active) + " runs, its limit (--max-runs)");
  // Forget the oldest finished runs beyond the number kept.
  while (runs_.size() >= limits_.max_kept_runs) {
    auto oldest = std::find_if(runs_.begin(), runs_.end(), [](const auto& r) { return !r.second->running(); });
    if (oldest == runs_.end()) break;
    runs_.erase(oldest);
  }
  const std::uint64_t number = next_number_++;
  const std::string id = (kind == v1::SIMULATION ? "sim-" : "live-") + std::to_string(number);
  auto run = std::make_shared<Run>(id, kind, description);
  runs_[number] = run;
  return run;
}

std::expected<v1::RunInfo, ControlError> RunRegistry::start_simulation(const v1::StartSimulationRequest& request) {
  auto loaded = scenario::from_message(request.scenario(), "request");
  auto plan = scenario::compile(loaded.scenario);
  if (!plan) {
    return error(ControlError::Code::invalid_argument,
                 "scenario field " + scenario::to_string(plan.error().path) + ": " + plan.error().message);
  }
  if (plan->duration > limits_.max_run_duration)
    return error(ControlError::Code::resource_exhausted,
                 "the scenario lasts " + util::format_duration(plan->duration) + ", longer than the agent allows (" +
                     util::format_duration(limits_.max_run_duration) + ", --max-run-duration)");
  auto run = admit(v1::SIMULATION, "simulation " + plan->name);
  if (!run) return std::unexpected(run.error());
  std::optional<std::uint64_t> seed;
  if (request.has_seed()) seed = request.seed();
  start_simulation_thread(*run, std::move(*plan), seed, limits_);
  return (*run)->info();
}

std::expected<v1::RunInfo, ControlError> RunRegistry::start_live(const v1::StartLiveRequest& request) {
  auto prepared = prepare_live_run(request, limits_, tftp_root_);
  if (!prepared) return std::unexpected(prepared.error());
  auto run = admit(v1::LIVE, prepared->description);
  if (!run) return std::unexpected(run.error());
  start_live_thread(*run, std::move(*prepared), limits_);
  return (*run)->info();
}

std::shared_ptr<Run> RunRegistry::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  for (const auto& [n, run] : runs_)
    if (run->id() == id) return run;
  return nullptr;
}

std::vector<v1::RunInfo> RunRegistry::list() const {
  std::lock_guard lock(mutex_);
  std::vector<v1::RunInfo> out;
  for (auto it = runs_.rbegin(); it != runs_.rend(); ++it) out.push_back(it->second->info());
  return out;
}

unsigned RunRegistry::running() const {
  std::lock_guard lock(mutex_);
  unsigned n = 0;
  for (const auto& [k, run] : runs_) n += run->running();
  return n;
}

void RunRegistry::shutdown() {
  std::vector<std::shared_ptr<Run>> runs;
  {
    std::lock_guard lock(mutex_);
    shut_down_ = true;
    for (const auto& [n, run] : runs_) runs.push_back(run);
  }
  for (auto& r : runs) r->request_cancel();
  for (auto& r : runs) r->join();
}

}  // namespace udplab::control
