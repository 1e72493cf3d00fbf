#include "control/grpc_log.hpp"

#include <grpc/support/log.h>

#include <atomic>
#include <cstdio>
#include <mutex>

namespace udplab::control {
namespace {

std::atomic<int> g_quiet{0};

void log_line(gpr_log_func_args* args) {
  if (g_quiet.load() > 0) return;
  std::fprintf(stderr, "udplab agent: gRPC: %s\n", args->message);
}

}  // namespace

QuietGrpcLog::QuietGrpcLog() {
  static std::once_flag installed;
  std::call_once(installed, [] { gpr_set_log_function(log_line); });
  ++g_quiet;
}

QuietGrpcLog::~QuietGrpcLog() { --g_quiet; }

}  // namespace udplab::control
