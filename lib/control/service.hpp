// ControlService: the Control RPCs (proto/udplab/v1/control.proto), a thin layer over the
// RunRegistry that checks credentials and turns errors into gRPC status codes.
#pragma once

#include <chrono>

#include "control/agent.hpp"
#include "control/registry.hpp"
#include "udplab/v1/control.grpc.pb.h"

namespace udplab::control {

class ControlService final : public v1::Control::Service {
 public:
  ControlService(RunRegistry& registry, const Security& security);

  grpc::Status ValidateScenario(grpc::ServerContext* ctx, const v1::ValidateScenarioRequest* req,
                                v1::ValidateScenarioResponse* resp) override;
  grpc::Status StartSimulation(grpc::ServerContext* ctx, const v1::StartSimulationRequest* req, v1::RunInfo* resp) override;
  grpc::Status StartLive(grpc::ServerContext* ctx, const v1::StartLiveRequest* req, v1::RunInfo* resp) override;
  grpc::Status StreamEvents(grpc::ServerContext* ctx, const v1::RunRef* req, grpc::ServerWriter<v1::RunEvent>* writer) override;
  grpc::Status GetReport(grpc::ServerContext* ctx, const v1::RunRef* req, v1::RunReport* resp) override;
  grpc::Status GetTrace(grpc::ServerContext* ctx, const v1::GetTraceRequest* req,
                        grpc::ServerWriter<v1::TraceChunk>* writer) override;
  grpc::Status CancelRun(grpc::ServerContext* ctx, const v1::RunRef* req, v1::RunInfo* resp) override;
  grpc::Status ListRuns(grpc::ServerContext* ctx, const v1::ListRunsRequest* req, v1::ListRunsResponse* resp) override;
  grpc::Status GetServerInfo(grpc::ServerContext* ctx, const v1::GetServerInfoRequest* req, v1::ServerInfo* resp) override;

 private:
  grpc::Status authorize(const grpc::ServerContext* ctx) const;
  // authorize(), then the request's enum fields: numbers their enums do not define are refused
  // (INVALID_ARGUMENT naming the field) before anything reads them.
  grpc::Status accept(const grpc::ServerContext* ctx, const google::protobuf::Message& request) const;
  RunRegistry& registry_;
  const Security& security_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace udplab::control
