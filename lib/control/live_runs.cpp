#include "control/live_runs.hpp"

#include <random>

#include "live/live_runtime.hpp"
#include "live/resolve.hpp"
#include "report/echo_report.hpp"
#include "scenario/plan.hpp"
#include "util/duration.hpp"
#include "util/format.hpp"
#include "workload/echo_workloads.hpp"

namespace udplab::control {
namespace {

std::unexpected<ControlError> error(ControlError::Code code, std::string message) {
  return std::unexpected(ControlError{code, std::move(message)});
}

std::expected<PreparedLive, ControlError> prepare_ping(const v1::LiveEchoPing& request, const Limits& limits) {
  v1::EchoPingOptions options = request.options();
  auto target = live::resolve(options.target(), 7);
  if (!target) return error(ControlError::Code::invalid_argument, "echo_ping.options.target: " + target.error());
  options.set_target(target->to_string());
  auto config = scenario::compile_echo_ping(options, {scenario::FieldStep{"echo_ping"}, scenario::FieldStep{"options"}});
  if (!config)
    return error(ControlError::Code::invalid_argument, scenario::to_string(config.error().path) + ": " + config.error().message);
  if (request.options().count() == 0) config->count = 0;  // a remote ping may run until its time limit
  if (config->count == 0 || config->flood) {
    config->duration = config->duration == Duration::zero() ? limits.max_run_duration
                                                            : std::min(config->duration, limits.max_run_duration);
  } else {
    const Duration estimate = config->interval * static_cast<std::int64_t>(config->count) + config->timeout;
    if (estimate > limits.max_run_duration)
      return error(ControlError::Code::resource_exhausted,
                   "this ping would take about " + util::format_duration(estimate) + ", longer than the agent allows (" +
                       util::format_duration(limits.max_run_duration) + ")");
  }
  config->session = (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
  return PreparedLive{"echo ping " + target->to_string(), LivePingJob{*config}};
}

std::expected<PreparedLive, ControlError> prepare_server(const v1::LiveEchoServer& request, const Limits& limits) {
  auto server = scenario::compile_echo_server(request.options(), {scenario::FieldStep{"echo_server"}, scenario::FieldStep{"options"}});
  if (!server)
    return error(ControlError::Code::invalid_argument, scenario::to_string(server.error().path) + ": " + server.error().message);
  auto bind = net::IpAddress::parse(request.bind().empty() ? "::" : request.bind());
  if (!bind) return error(ControlError::Code::invalid_argument, "echo_server.bind: " + bind.error());
  if (request.duration().empty())
    return error(ControlError::Code::invalid_argument, "echo_server.duration: a live server needs a duration, e.g. \"60s\"");
  auto duration = util::parse_duration(request.duration());
  if (!duration) return error(ControlError::Code::invalid_argument, "echo_server.duration: " + duration.error());
  if (*duration > limits.max_run_duration)
    return error(ControlError::Code::resource_exhausted,
                 "echo_server.duration " + request.duration() + " is longer than the agent allows (" +
                     util::format_duration(limits.max_run_duration) + ")");
  LiveServerJob job{server->config, net::Endpoint{*bind, server->port}, *duration};
  return PreparedLive{"echo server " + job.bind.to_string(), job};
}

void append_message(Run& run, std::string text) {
  v1::RunEvent e;
  e.set_time_s(run.elapsed_s());
  e.set_message(std::move(text));
  run.log().append(std::move(e));
}

// Runs the loop in short slices so that cancellation and the deadline are noticed promptly.
template <class Done>
void run_loop(live::LiveRuntime& rt, Run& run, Duration limit, Done done) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done() && !run.cancel_requested() && std::chrono::steady_clock::now() < deadline)
    rt.run_for(std::chrono::milliseconds(100));
}

void ping_thread(Run& run, const LivePingJob& job, const Limits& limits) {
  live::LiveRuntime rt;
  workload::EchoPingWorkload ping(rt, job.config);
  ping.on_event([&run](const echo::PingEvent& e) {
    v1::RunEvent event;
    event.set_time_s(run.elapsed_s());
    auto* w = event.mutable_workload();
    w->set_workload("echo_ping");
    w->set_kind(report::ping_event_kind(e));
    w->set_json(report::ping_event_json(e));
    w->set_text(report::render_ping_event(e));
    run.log().append(std::move(event));
  });
  v1::RunReport report;
  auto* w = report.mutable_live();
  w->set_name("echo_ping");
  w->set_host("agent");
  if (auto err = ping.start()) {
    w->set_error(*err);
    run.finish(v1::FAILED, *err, std::move(report));
    return;
  }
  run_loop(rt, run, limits.max_run_duration + job.config.timeout, [&] { return ping.finished(); });
  ping.stop();
  ping.fill_report(*w);
  run.finish(run.cancel_requested() ? v1::CANCELLED : v1::SUCCEEDED, run.cancel_requested() ? "cancelled" : "", std::move(report));
}

void server_thread(Run& run, const LiveServerJob& job) {
  live::LiveRuntime rt;
  echo::ServerConfig config = job.config;
  config.broadcast_addresses = rt.broadcast_addresses();
  workload::EchoServerWorkload server(rt, config, job.bind, transport::BindOptions{.receive_buffer = 4 << 20});
  v1::RunReport report;
  auto* w = report.mutable_live();
  w->set_name("echo_server");
  w->set_host("agent");
  if (auto err = server.start()) {
    w->set_error(*err);
    run.finish(v1::FAILED, *err, std::move(report));
    return;
  }
  append_message(run, "echo server on " + server.local_endpoint().to_string());
  const auto end = std::chrono::steady_clock::now() + job.duration;
  while (!run.cancel_requested() && std::chrono::steady_clock::now() < end) {
    rt.run_for(std::min<Duration>(std::chrono::seconds(1), std::chrono::duration_cast<Duration>(end - std::chrono::steady_clock::now())));
    const auto& s = server.stats();
    append_message(run, util::format("served %llu of %llu datagrams, %llu refused", static_cast<unsigned long long>(s.replied),
                                     static_cast<unsigned long long>(s.received), static_cast<unsigned long long>(s.refused)));
  }
  server.stop();
  server.fill_report(*w);
  run.finish(run.cancel_requested() ? v1::CANCELLED : v1::SUCCEEDED, run.cancel_requested() ? "cancelled" : "", std::move(report));
}

}  // namespace

std::expected<PreparedLive, ControlError> prepare_live_run(const v1::StartLiveRequest& request, const Limits& limits) {
  switch (request.action_case()) {
    case v1::StartLiveRequest::kEchoPing: return prepare_ping(request.echo_ping(), limits);
    case v1::StartLiveRequest::kEchoServer: return prepare_server(request.echo_server(), limits);
    case v1::StartLiveRequest::ACTION_NOT_SET: break;
  }
  return error(ControlError::Code::invalid_argument, "no action given (set one of echo_ping, echo_server)");
}

void start_live_thread(const std::shared_ptr<Run>& shared, PreparedLive prepared, const Limits& limits) {
  Run* run = shared.get();  // the Run joins this thread before it is destroyed
  run->start(std::thread([run, prepared = std::move(prepared), limits] {
    if (const auto* ping = std::get_if<LivePingJob>(&prepared.job)) {
      ping_thread(*run, *ping, limits);
    } else {
      server_thread(*run, std::get<LiveServerJob>(prepared.job));
    }
  }));
}

}  // namespace udplab::control
