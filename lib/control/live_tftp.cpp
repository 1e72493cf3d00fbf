#include "control/live_tftp.hpp"

#include "control/live_common.hpp"
#include "live/resolve.hpp"
#include "net/bind_fallback.hpp"
#include "report/json.hpp"
#include "report/tftp_report.hpp"
#include "options/tftp_options.hpp"
#include "text/json.hpp"
#include "util/duration.hpp"
#include "util/format.hpp"

namespace udplab::control {
namespace {

using detail::error;
using Code = ControlError::Code;

constexpr Duration kProgressEvery = std::chrono::milliseconds(250);

std::unexpected<ControlError> no_root(const char* what) {
  return error(Code::failed_precondition, std::string(what) +
                                              ": this agent has no TFTP directory; start it with "
                                              "'udplab serve --tftp-root DIR' to allow TFTP runs");
}

// The last segment of a remote name ("pxelinux.cfg/default" -> "default").
std::string base_name(const std::string& remote) {
  const auto slash = remote.find_last_of("/\\");
  return slash == std::string::npos ? remote : remote.substr(slash + 1);
}

std::unexpected<ControlError> refused(const std::string& field, const tftp::Refusal& r) {
  Code code = Code::failed_precondition;
  if (r.code == tftp::ErrorCode::access_violation) code = Code::permission_denied;
  else if (r.code == tftp::ErrorCode::file_not_found) code = Code::not_found;
  return error(code, field + ": " + r.message + " (names are relative to the agent's TFTP root)");
}

std::string progress_json(const tftp::event::Progress& p) {
  text::JsonObject json;
  json.string("event", "progress").number("bytes", p.bytes).number("blocks", p.blocks);
  if (p.total) json.number("total", *p.total);
  return json.take();
}

std::string progress_text(const tftp::event::Progress& p) {
  std::string text = util::format("%llu bytes", static_cast<unsigned long long>(p.bytes));
  if (p.total) text += util::format(" of %llu", static_cast<unsigned long long>(*p.total));
  return text + util::format(" (%llu blocks)", static_cast<unsigned long long>(p.blocks));
}

}  // namespace

std::expected<PreparedTftpTransfer, ControlError> prepare_tftp_transfer(const v1::LiveTftpTransfer& request,
                                                                        const Limits& limits,
                                                                        const std::filesystem::path& root) {
  (void)limits;  // a transfer's length is not known in advance: the run limit stops it (see the thread)
  if (root.empty()) return no_root("tftp_transfer");
  const auto op = request.operation();
  if (op != v1::TFTP_GET && op != v1::TFTP_PUT)
    return error(Code::invalid_argument, "tftp_transfer.operation: set TFTP_GET or TFTP_PUT");
  const bool get = op == v1::TFTP_GET;
  v1::TftpClientOptions given = request.options();
  if (given.remote().empty()) return error(Code::invalid_argument, "tftp_transfer.options.remote: the file name on the server is required");
  if (given.server().empty()) return error(Code::invalid_argument, "tftp_transfer.options.server: the server (HOST[:PORT]) is required");
  auto server = live::resolve(given.server(), 69);
  if (!server) return error(Code::invalid_argument, "tftp_transfer.options.server: " + server.error());
  given.set_server(server->to_string());
  given.clear_upload();
  auto plan = options::to_tftp_client(given, get ? tftp::Direction::read : tftp::Direction::write,
                                            {options::FieldStep{"tftp_transfer"}, options::FieldStep{"options"}});
  if (!plan) return error(Code::invalid_argument, options::to_string(plan.error().path) + ": " + plan.error().message);

  const std::string local = request.local().empty() ? base_name(given.remote()) : request.local();
  if (local.empty())
    return error(Code::invalid_argument, "tftp_transfer.local: cannot name the local file after '" + given.remote() + "': give local");
  auto store = tftp::DiskStore::open({root, /*writable=*/true, /*create=*/true});
  if (!store) return error(Code::failed_precondition, "the agent's TFTP root: " + store.error());

  PreparedTftpTransfer out;
  auto& job = out.job;
  job.get = get;
  job.setup.config = plan->config;
  job.setup.local = local;
  job.setup.hash = request.sha256();
  if (get) {
    auto sink = store->open_write(local);
    if (!sink) return refused("tftp_transfer.local", sink.error());
    job.sink = std::move(*sink);
  } else {
    auto source = store->open_read(local);
    if (!source) return refused("tftp_transfer.local", source.error());
    job.source = std::move(*source);
  }
  out.description = std::string("tftp ") + (get ? "get " : "put ") + server->to_string() + " " + given.remote() +
                    (get ? " -> " : " <- ") + local;
  return out;
}

std::expected<PreparedTftpServer, ControlError> prepare_tftp_server(const v1::LiveTftpServer& request, const Limits& limits,
                                                                    const std::filesystem::path& root) {
  if (root.empty()) return no_root("tftp_server");
  if (request.options().files_size() > 0)
    return error(Code::invalid_argument, "tftp_server.options.files: a live server serves the agent's TFTP root; leave files empty");
  auto plan = options::to_tftp_server(request.options(), {options::FieldStep{"tftp_server"}, options::FieldStep{"options"}});
  if (!plan) return error(Code::invalid_argument, options::to_string(plan.error().path) + ": " + plan.error().message);
  auto bind = net::IpAddress::parse(request.bind().empty() ? "::" : request.bind());
  if (!bind) return error(Code::invalid_argument, "tftp_server.bind: " + bind.error());
  if (request.duration().empty())
    return error(Code::invalid_argument, "tftp_server.duration: a live server needs a duration, e.g. \"60s\"");
  auto duration = util::parse_duration(request.duration());
  if (!duration) return error(Code::invalid_argument, "tftp_server.duration: " + duration.error());
  if (*duration <= Duration::zero()) return error(Code::invalid_argument, "tftp_server.duration: must be positive");
  if (*duration > limits.max_run_duration)
    return error(Code::resource_exhausted, "tftp_server.duration " + request.duration() + " is longer than the agent allows (" +
                                               util::format_duration(limits.max_run_duration) + ")");
  auto store = tftp::DiskStore::open({root, plan->store.writable, plan->store.create});
  if (!store) return error(Code::failed_precondition, "the agent's TFTP root: " + store.error());

  PreparedTftpServer out;
  auto& job = out.job;
  job.setup.bind = net::Endpoint{*bind, plan->port};
  job.setup.listener = plan->listener;
  job.setup.session = plan->session;
  if (request.max_upload() != 0) job.setup.session.limits.max_write_size = request.max_upload();
  // A window of up to 128 KiB in flight per session, with room to spare (as udplab tftpd).
  job.setup.session_socket.receive_buffer = job.setup.session_socket.send_buffer = 1 << 20;
  job.store = std::make_shared<tftp::DiskStore>(std::move(*store));
  job.duration = *duration;
  job.bind_chosen = !request.bind().empty();
  std::string uploads = "read-only";
  if (plan->store.writable || plan->store.create)
    uploads = std::string("uploads ") + (plan->store.writable ? "replace files" : "") +
              (plan->store.writable && plan->store.create ? " and " : "") + (plan->store.create ? "create files" : "");
  out.description = "tftp server " + job.setup.bind.to_string() + " (" + uploads + ")";
  return out;
}

void tftp_transfer_thread(Run& run, LiveTftpTransferJob& job, const Limits& limits) {
  live::LiveRuntime rt;
  std::unique_ptr<workload::TftpClientWorkload> client;
  if (job.get) client = std::make_unique<workload::TftpClientWorkload>(rt, job.setup, std::move(job.sink));
  else client = std::make_unique<workload::TftpClientWorkload>(rt, job.setup, std::move(job.source));
  const char* name = job.get ? "tftp_get" : "tftp_put";
  std::optional<Time> last_progress;
  std::optional<tftp::event::Progress> pending;  // the newest progress not yet sent
  client->on_event([&](const tftp::Event& e) {
    if (const auto* p = std::get_if<tftp::event::Progress>(&e)) {
      if (!last_progress || p->at - *last_progress >= kProgressEvery) {
        last_progress = p->at;
        pending.reset();
        detail::append_workload_event(run, name, "progress", progress_json(*p), progress_text(*p));
      } else {
        pending = *p;
      }
    } else if (const auto* r = std::get_if<tftp::event::Retransmitted>(&e)) {
      detail::append_workload_event(
          run, name, "retransmitted",
          text::JsonObject().string("event", "retransmitted").number("block", r->block).number("attempt", r->attempt).take(),
          util::format("block %llu sent again (attempt %u)", static_cast<unsigned long long>(r->block), r->attempt));
    } else if (std::holds_alternative<tftp::event::Done>(e) && pending) {
      detail::append_workload_event(run, name, "progress", progress_json(*pending), progress_text(*pending));
      pending.reset();
    }
  });
  v1::RunReport report;
  auto* w = report.mutable_live();
  w->set_name(name);
  w->set_host("agent");
  if (auto err = client->start()) {
    w->set_error(*err);
    client.reset();  // an unfinished download's temporary file goes before the run ends
    run.finish(v1::FAILED, *err, std::move(report));
    return;
  }
  detail::run_loop(rt, run, limits.max_run_duration, [&] { return client->finished(); });
  const bool timed_out = !client->finished() && !run.cancel_requested();
  client->stop();
  client->fill_report(*w);
  w->set_finished(client->finished());
  const auto r = client->report();
  // Files closed (a failed download's temporary file removed) before anyone learns the run ended.
  client.reset();
  if (run.cancel_requested()) {
    run.finish(v1::CANCELLED, "cancelled", std::move(report));
  } else if (timed_out) {
    run.finish(v1::FAILED, "stopped at the agent's run limit (" + util::format_duration(limits.max_run_duration) + ")",
               std::move(report));
  } else if (!r.ok()) {
    std::string line = r.operation() + " " + r.remote() + ": ";
    if (r.failure() == "peer_error") line += "server sent ";
    run.finish(v1::FAILED, line + r.error(), std::move(report));
  } else {
    run.finish(v1::SUCCEEDED, "", std::move(report));
  }
}

void tftp_server_thread(Run& run, LiveTftpServerJob& job) {
  live::LiveRuntime rt;
  job.setup.listener.broadcast_addresses = rt.broadcast_addresses();
  auto [server, err] = net::start_with_ipv4_fallback(job.setup.bind, job.bind_chosen, [&](const net::Endpoint& at) {
    job.setup.bind = at;
    auto made = std::make_unique<workload::TftpServerWorkload>(rt, job.store, job.setup);
    made->on_transfer([&run](const v1::TftpServerTransfer& t) {
      detail::append_workload_event(run, "tftp_server", "transfer", report::to_json(t, false), report::tftp_log_line(t));
    });
    return made;
  });
  v1::RunReport report;
  auto* w = report.mutable_live();
  w->set_name("tftp_server");
  w->set_host("agent");
  if (err) {
    w->set_error(*err);
    run.finish(v1::FAILED, *err, std::move(report));
    return;
  }
  detail::append_message(run, "tftp server on " + server->local_endpoint().to_string());
  const auto end = std::chrono::steady_clock::now() + job.duration;
  while (!run.cancel_requested() && std::chrono::steady_clock::now() < end)
    rt.run_for(std::min<Duration>(std::chrono::milliseconds(100),
                                  std::chrono::duration_cast<Duration>(end - std::chrono::steady_clock::now())));
  server->stop();
  rt.run_for(std::chrono::milliseconds(10));  // let the sessions' last packets go
  server->fill_report(*w);
  server.reset();  // uploads cut short are discarded before anyone learns the run ended
  run.finish(run.cancel_requested() ? v1::CANCELLED : v1::SUCCEEDED, run.cancel_requested() ? "cancelled" : "", std::move(report));
}

}  // namespace udplab::control
