#include "control/live_runs.hpp"

#include "control/live_common.hpp"
#include "live/live_runtime.hpp"
#include "live/resolve.hpp"
#include "net/bind_fallback.hpp"
#include "options/echo_options.hpp"
#include "report/broadcast_report.hpp"
#include "report/echo_report.hpp"
#include "text/json.hpp"
#include "util/duration.hpp"
#include "util/format.hpp"
#include "util/run_id.hpp"
#include "workload/broadcast_workloads.hpp"
#include "workload/echo_workloads.hpp"

namespace udplab::control {
namespace {

using detail::append_message;
using detail::error;
using detail::run_loop;

std::expected<PreparedLive, ControlError> prepare_ping(const v1::LiveEchoPing& request, const Limits& limits) {
  v1::EchoPingOptions given = request.options();
  auto target = live::resolve(given.target(), 7);
  if (!target) return error(ControlError::Code::invalid_argument, "echo_ping.options.target: " + target.error());
  given.set_target(target->to_string());
  auto config = options::to_ping_config(given, {options::FieldStep{"echo_ping"}, options::FieldStep{"options"}});
  if (!config)
    return error(ControlError::Code::invalid_argument, options::to_string(config.error().path) + ": " + config.error().message);
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
  config->session = util::random_run_id();
  return PreparedLive{"echo ping " + target->to_string(), LivePingJob{*config}};
}

std::expected<PreparedLive, ControlError> prepare_server(const v1::LiveEchoServer& request, const Limits& limits) {
  auto server = options::to_echo_server(request.options(), {options::FieldStep{"echo_server"}, options::FieldStep{"options"}});
  if (!server)
    return error(ControlError::Code::invalid_argument, options::to_string(server.error().path) + ": " + server.error().message);
  auto bind = net::IpAddress::parse(request.bind().empty() ? "::" : request.bind());
  if (!bind) return error(ControlError::Code::invalid_argument, "echo_server.bind: " + bind.error());
  // Answers discovery probes under options.name (default: the agent's host name), as the CLI's does.
  auto id = options::discovery_identity(request.options().name(), live::host_name(), discovery::Role::echo_server,
                                     {options::FieldStep{"echo_server"}, options::FieldStep{"options"}, options::FieldStep{"name"}});
  if (!id) return error(ControlError::Code::invalid_argument, options::to_string(id.error().path) + ": " + id.error().message);
  server->config.discovery = *id;
  if (request.duration().empty())
    return error(ControlError::Code::invalid_argument, "echo_server.duration: a live server needs a duration, e.g. \"60s\"");
  auto duration = util::parse_duration(request.duration());
  if (!duration) return error(ControlError::Code::invalid_argument, "echo_server.duration: " + duration.error());
  if (*duration > limits.max_run_duration)
    return error(ControlError::Code::resource_exhausted,
                 "echo_server.duration " + request.duration() + " is longer than the agent allows (" +
                     util::format_duration(limits.max_run_duration) + ")");
  LiveServerJob job{server->config, net::Endpoint{*bind, server->port}, !request.bind().empty(), *duration};
  return PreparedLive{"echo server " + job.bind.to_string(), job};
}

std::expected<PreparedLive, ControlError> prepare_discover(const v1::LiveDiscover& request, const Limits& limits) {
  auto plan = options::to_discover(request.options(), {options::FieldStep{"discover"}, options::FieldStep{"options"}});
  if (!plan)
    return error(ControlError::Code::invalid_argument, options::to_string(plan.error().path) + ": " + plan.error().message);
  const Duration estimate = plan->config.interval * static_cast<std::int64_t>(plan->config.probes - 1) + plan->config.timeout;
  if (estimate > limits.max_run_duration)
    return error(ControlError::Code::resource_exhausted,
                 "this discovery would take " + util::format_duration(estimate) + ", longer than the agent allows (" +
                     util::format_duration(limits.max_run_duration) + ")");
  std::string where;
  for (const auto& a : plan->targets.to) where += (where.empty() ? "" : ",") + a.to_string();
  if (plan->targets.limited) where = "255.255.255.255";
  if (where.empty()) where = "every interface";
  return PreparedLive{"discover " + where + " port " + std::to_string(plan->targets.port), LiveDiscoverJob{std::move(*plan)}};
}

std::string discover_event_kind(const discovery::DiscoverEvent& e) {
  if (std::holds_alternative<discovery::discover_event::Found>(e)) return "found";
  if (std::holds_alternative<discovery::discover_event::Invalid>(e)) return "invalid";
  return "send_failed";
}

std::string discover_event_json(const discovery::DiscoverEvent& e) {
  if (const auto* f = std::get_if<discovery::discover_event::Found>(&e)) {
    const auto& r = f->responder;
    return text::JsonObject()
        .string("event", "found")
        .string("address", r.from.to_string())
        .string("role", r.role)
        .string("name", r.name)
        .string("version", r.version)
        .number("rtt_ms", to_seconds(r.rtt) * 1e3)
        .take();
  }
  if (const auto* i = std::get_if<discovery::discover_event::Invalid>(&e))
    return text::JsonObject().string("event", "invalid").string("from", i->from.to_string()).string("reason", i->reason).take();
  const auto& s = std::get<discovery::discover_event::SendFailed>(e);
  return text::JsonObject().string("event", "send_failed").string("error", s.error).take();
}

void discover_thread(Run& run, const LiveDiscoverJob& job) {
  live::LiveRuntime rt;
  discovery::DiscoverConfig config = job.plan.config;
  config.targets = job.plan.targets.endpoints(rt.broadcast_addresses());
  config.nonce = util::random_run_id();
  v1::RunReport report;
  auto* w = report.mutable_live();
  w->set_name("discover");
  w->set_host("agent");
  if (config.targets.empty()) {
    const std::string err = "no broadcast address to send to (no IPv4 interface with one); give options.to";
    w->set_error(err);
    run.finish(v1::FAILED, err, std::move(report));
    return;
  }
  std::string where;
  for (const auto& t : config.targets) where += (where.empty() ? "" : ", ") + t.to_string();
  append_message(run, "DISCOVER " + where);
  workload::DiscoverWorkload discover(rt, config);
  discover.on_event([&run](const discovery::DiscoverEvent& e) {
    detail::append_workload_event(run, "discover", discover_event_kind(e), discover_event_json(e), report::render_discover_event(e));
  });
  if (auto err = discover.start()) {
    w->set_error(*err);
    run.finish(v1::FAILED, *err, std::move(report));
    return;
  }
  const Duration limit = config.interval * static_cast<std::int64_t>(config.probes) + config.timeout + std::chrono::seconds(1);
  run_loop(rt, run, limit, [&] { return discover.finished(); });
  discover.stop();
  discover.fill_report(*w);
  run.finish(run.cancel_requested() ? v1::CANCELLED : v1::SUCCEEDED, run.cancel_requested() ? "cancelled" : "", std::move(report));
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
  auto [server, err] = net::start_with_ipv4_fallback(job.bind, job.bind_chosen, [&](const net::Endpoint& at) {
    return std::make_unique<workload::EchoServerWorkload>(rt, config, at, transport::BindOptions{.receive_buffer = 4 << 20});
  });
  v1::RunReport report;
  auto* w = report.mutable_live();
  w->set_name("echo_server");
  w->set_host("agent");
  if (err) {
    w->set_error(*err);
    run.finish(v1::FAILED, *err, std::move(report));
    return;
  }
  append_message(run, "echo server on " + server->local_endpoint().to_string());
  const auto end = std::chrono::steady_clock::now() + job.duration;
  while (!run.cancel_requested() && std::chrono::steady_clock::now() < end) {
    rt.run_for(std::min<Duration>(std::chrono::seconds(1), std::chrono::duration_cast<Duration>(end - std::chrono::steady_clock::now())));
    const auto& s = server->stats();
    append_message(run, util::format("served %llu of %llu datagrams, %llu refused", static_cast<unsigned long long>(s.replied),
                                     static_cast<unsigned long long>(s.received), static_cast<unsigned long long>(s.refused)));
  }
  server->stop();
  server->fill_report(*w);
  run.finish(run.cancel_requested() ? v1::CANCELLED : v1::SUCCEEDED, run.cancel_requested() ? "cancelled" : "", std::move(report));
}

}  // namespace

std::expected<PreparedLive, ControlError> prepare_live_run(const v1::StartLiveRequest& request, const Limits& limits,
                                                           const std::filesystem::path& tftp_root) {
  switch (request.action_case()) {
    case v1::StartLiveRequest::kEchoPing: return prepare_ping(request.echo_ping(), limits);
    case v1::StartLiveRequest::kEchoServer: return prepare_server(request.echo_server(), limits);
    case v1::StartLiveRequest::kTftpTransfer: {
      auto p = prepare_tftp_transfer(request.tftp_transfer(), limits, tftp_root);
      if (!p) return std::unexpected(p.error());
      return PreparedLive{std::move(p->description), std::move(p->job)};
    }
    case v1::StartLiveRequest::kTftpServer: {
      auto p = prepare_tftp_server(request.tftp_server(), limits, tftp_root);
      if (!p) return std::unexpected(p.error());
      return PreparedLive{std::move(p->description), std::move(p->job)};
    }
    case v1::StartLiveRequest::kDiscover: return prepare_discover(request.discover(), limits);
    case v1::StartLiveRequest::ACTION_NOT_SET: break;
  }
  return error(ControlError::Code::invalid_argument,
               "no action given (set one of echo_ping, echo_server, tftp_transfer, tftp_server, discover)");
}

void start_live_thread(const std::shared_ptr<Run>& shared, PreparedLive prepared, const Limits& limits) {
  Run* run = shared.get();  // the Run joins this thread before it is destroyed
  run->start(std::thread([run, prepared = std::move(prepared), limits]() mutable {
    if (auto* ping = std::get_if<LivePingJob>(&prepared.job)) ping_thread(*run, *ping, limits);
    else if (auto* server = std::get_if<LiveServerJob>(&prepared.job)) server_thread(*run, *server);
    else if (auto* transfer = std::get_if<LiveTftpTransferJob>(&prepared.job)) tftp_transfer_thread(*run, *transfer, limits);
    else if (auto* tftpd = std::get_if<LiveTftpServerJob>(&prepared.job)) tftp_server_thread(*run, *tftpd);
    else discover_thread(*run, std::get<LiveDiscoverJob>(prepared.job));
  }));
}

}  // namespace udplab::control
