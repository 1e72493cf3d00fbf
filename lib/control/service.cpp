#include "control/service.hpp"

#include "scenario/enum_values.hpp"
#include "scenario/load.hpp"
#include "scenario/plan.hpp"

namespace udplab::control {
namespace {

grpc::Status to_status(const ControlError& e) {
  switch (e.code) {
    case ControlError::Code::invalid_argument: return {grpc::StatusCode::INVALID_ARGUMENT, e.message};
    case ControlError::Code::resource_exhausted: return {grpc::StatusCode::RESOURCE_EXHAUSTED, e.message};
    case ControlError::Code::not_found: return {grpc::StatusCode::NOT_FOUND, e.message};
    case ControlError::Code::failed_precondition: return {grpc::StatusCode::FAILED_PRECONDITION, e.message};
    case ControlError::Code::permission_denied: return {grpc::StatusCode::PERMISSION_DENIED, e.message};
  }
  return {grpc::StatusCode::UNKNOWN, e.message};
}

grpc::Status not_found(const std::string& id) { return {grpc::StatusCode::NOT_FOUND, "no run '" + id + "'"}; }

// Compares without leaking, through timing, how much of the token was right.
bool equal_constant_time(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
  return diff == 0 && !b.empty();
}

}  // namespace

ControlService::ControlService(RunRegistry& registry, const Security& security) : registry_(registry), security_(security) {}

grpc::Status ControlService::authorize(const grpc::ServerContext* ctx) const {
  if (!security_.token) return grpc::Status::OK;
  const auto& md = ctx->client_metadata();
  auto it = md.find("authorization");
  if (it == md.end()) return {grpc::StatusCode::UNAUTHENTICATED, "missing 'authorization: Bearer TOKEN' metadata"};
  if (const auto n = md.count("authorization"); n > 1)
    return {grpc::StatusCode::UNAUTHENTICATED,
            "send one 'authorization: Bearer TOKEN' header, not " + std::to_string(n)};
  const std::string_view value(it->second.data(), it->second.size());
  if (!value.starts_with("Bearer ") || !equal_constant_time(value.substr(7), *security_.token))
    return {grpc::StatusCode::UNAUTHENTICATED, "invalid token"};
  return grpc::Status::OK;
}

grpc::Status ControlService::accept(const grpc::ServerContext* ctx, const google::protobuf::Message& request) const {
  if (auto s = authorize(ctx); !s.ok()) return s;
  if (auto bad = scenario::find_unknown_enum_value(request))
    return {grpc::StatusCode::INVALID_ARGUMENT, "field " + scenario::to_string(bad->path) + ": " + bad->message};
  return grpc::Status::OK;
}

grpc::Status ControlService::ValidateScenario(grpc::ServerContext* ctx, const v1::ValidateScenarioRequest* req,
                                              v1::ValidateScenarioResponse* resp) {
  // Not accept(): an undefined enum number is one of the scenario's problems, answered as the others.
  if (auto s = authorize(ctx); !s.ok()) return s;
  auto plan = scenario::compile(req->scenario());
  resp->set_valid(plan.has_value());
  if (!plan) {
    resp->set_field(scenario::to_string(plan.error().path));
    resp->set_message(plan.error().message);
  }
  return grpc::Status::OK;
}

grpc::Status ControlService::StartSimulation(grpc::ServerContext* ctx, const v1::StartSimulationRequest* req, v1::RunInfo* resp) {
  if (auto s = accept(ctx, *req); !s.ok()) return s;
  auto info = registry_.start_simulation(*req);
  if (!info) return to_status(info.error());
  *resp = *info;
  return grpc::Status::OK;
}

grpc::Status ControlService::StartLive(grpc::ServerContext* ctx, const v1::StartLiveRequest* req, v1::RunInfo* resp) {
  if (auto s = accept(ctx, *req); !s.ok()) return s;
  auto info = registry_.start_live(*req);
  if (!info) return to_status(info.error());
  *resp = *info;
  return grpc::Status::OK;
}

grpc::Status ControlService::StreamEvents(grpc::ServerContext* ctx, const v1::RunRef* req,
                                          grpc::ServerWriter<v1::RunEvent>* writer) {
  if (auto s = accept(ctx, *req); !s.ok()) return s;
  auto run = registry_.find(req->run_id());
  if (!run) return not_found(req->run_id());
  std::uint64_t sent = 0;
  std::vector<v1::RunEvent> batch;
  while (true) {
    if (ctx->IsCancelled()) return {grpc::StatusCode::CANCELLED, "the client went away"};
    batch.clear();
    const bool more = run->log().read(sent, batch, 512, std::chrono::milliseconds(200));
    for (const auto& e : batch) {
      if (!writer->Write(e)) return grpc::Status::OK;  // the client is gone; the run goes on
      sent = e.seq();
    }
    if (!more) return grpc::Status::OK;
  }
}

grpc::Status ControlService::GetReport(grpc::ServerContext* ctx, const v1::RunRef* req, v1::RunReport* resp) {
  if (auto s = accept(ctx, *req); !s.ok()) return s;
  auto run = registry_.find(req->run_id());
  if (!run) return not_found(req->run_id());
  if (auto report = run->report()) {
    *resp = *report;
  } else {
    *resp->mutable_info() = run->info();
  }
  return grpc::Status::OK;
}

grpc::Status ControlService::GetTrace(grpc::ServerContext* ctx, const v1::GetTraceRequest* req,
                                      grpc::ServerWriter<v1::TraceChunk>* writer) {
  if (auto s = accept(ctx, *req); !s.ok()) return s;
  auto run = registry_.find(req->run_id());
  if (!run) return not_found(req->run_id());
  std::string data;
  switch (run->trace(req->format(), data)) {
    case Run::TraceStatus::running:
      return {grpc::StatusCode::FAILED_PRECONDITION, "run " + req->run_id() + " is still going; wait for it to end"};
    case Run::TraceStatus::none:
      return {grpc::StatusCode::FAILED_PRECONDITION, "run " + req->run_id() + " has no trace (only simulations do)"};
    case Run::TraceStatus::overflowed:
      return {grpc::StatusCode::RESOURCE_EXHAUSTED,
              "the trace of run " + req->run_id() + " outgrew the agent's limit of " +
                  std::to_string(registry_.limits().max_trace_bytes) + " bytes (--max-trace-bytes raises it)"};
    case Run::TraceStatus::ready: break;
  }
  constexpr std::size_t kChunk = 1 << 20;
  for (std::size_t pos = 0; pos < data.size(); pos += kChunk) {
    v1::TraceChunk chunk;
    chunk.set_data(data.substr(pos, kChunk));
    if (!writer->Write(chunk)) return grpc::Status::OK;
  }
  return grpc::Status::OK;
}

grpc::Status ControlService::CancelRun(grpc::ServerContext* ctx, const v1::RunRef* req, v1::RunInfo* resp) {
  if (auto s = accept(ctx, *req); !s.ok()) return s;
  auto run = registry_.find(req->run_id());
  if (!run) return not_found(req->run_id());
  run->request_cancel();
  *resp = run->info();
  return grpc::Status::OK;
}

grpc::Status ControlService::ListRuns(grpc::ServerContext* ctx, const v1::ListRunsRequest* req, v1::ListRunsResponse* resp) {
  if (auto s = accept(ctx, *req); !s.ok()) return s;
  for (auto& info : registry_.list()) *resp->add_runs() = std::move(info);
  return grpc::Status::OK;
}

grpc::Status ControlService::GetServerInfo(grpc::ServerContext* ctx, const v1::GetServerInfoRequest* req, v1::ServerInfo* resp) {
  if (auto s = accept(ctx, *req); !s.ok()) return s;
  resp->set_version(UDPLAB_VERSION);
  for (const char* c : {"simulation", "live.echo_ping", "live.echo_server", "live.discover"}) resp->add_capabilities(c);
  if (registry_.tftp_allowed())
    for (const char* c : {"live.tftp_transfer", "live.tftp_server"}) resp->add_capabilities(c);
  resp->set_uptime_s(std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  resp->set_runs_in_progress(registry_.running());
  const auto& limits = registry_.limits();
  resp->set_max_concurrent_runs(limits.max_concurrent_runs);
  resp->set_max_run_duration_s(to_seconds(limits.max_run_duration));
  resp->set_max_trace_bytes(limits.max_trace_bytes);
  resp->set_authentication_required(security_.token.has_value());
  resp->set_tls(security_.tls());
  resp->set_tftp_root_configured(registry_.tftp_allowed());
  return grpc::Status::OK;
}

}  // namespace udplab::control
