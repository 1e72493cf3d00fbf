// Requests gRPC could not decode. gRPC answers a request whose bytes are not the method's message
// with INTERNAL and an empty message, before any handler runs; the client sent the bad bytes, so
// the agent answers INVALID_ARGUMENT naming the message it expected. A server interceptor sees the
// request after decoding (no message when it failed) and the status before it is sent.
#pragma once

#include <memory>
#include <vector>

#include <grpcpp/support/server_interceptor.h>

namespace udplab::control {

std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> request_check_interceptors();

}  // namespace udplab::control
