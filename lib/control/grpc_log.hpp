// gRPC's own log lines, kept off stderr while the agent starts. gRPC prints its errors with its
// source file and line ("E1208 00:00:00.0 ... ssl_transport_security.cc:912] Invalid private
// key."), several of them before a failed start returns, in gRPC's words rather than the user's;
// the agent then says what went wrong in one line of its own, naming the option. This goes through
// gpr_set_log_function rather than GRPC_VERBOSITY=NONE so that gRPC's later messages, which can
// matter to whoever runs the agent, are still printed: one line each, "udplab agent: gRPC: ...".
#pragma once

namespace udplab::control {

// While an object lives, gRPC's log messages are dropped rather than printed.
class QuietGrpcLog {
 public:
  QuietGrpcLog();
  ~QuietGrpcLog();
  QuietGrpcLog(const QuietGrpcLog&) = delete;
  QuietGrpcLog& operator=(const QuietGrpcLog&) = delete;
};

}  // namespace udplab::control
