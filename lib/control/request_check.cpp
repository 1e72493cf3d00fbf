#include "control/request_check.hpp"

#include <google/protobuf/descriptor.h>

#include <string>

namespace udplab::control {
namespace {

namespace pb = google::protobuf;

// "/udplab.v1.Control/GetTrace" -> "udplab.v1.GetTraceRequest" (or the method's path if unknown).
std::string request_type_of(const std::string& method) {
  const auto slash = method.rfind('/');
  if (method.empty() || method[0] != '/' || slash == 0 || slash == std::string::npos) return method;
  const auto* service = pb::DescriptorPool::generated_pool()->FindServiceByName(method.substr(1, slash - 1));
  const auto* m = service ? service->FindMethodByName(method.substr(slash + 1)) : nullptr;
  return m ? m->input_type()->full_name() : method;
}

// Only for calls with one request, decoded before the handler runs: in a streamed request an
// empty receive also means the stream ended.
class RequestCheck final : public grpc::experimental::Interceptor {
 public:
  explicit RequestCheck(std::string method) : method_(std::move(method)) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using Hook = grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(Hook::POST_RECV_MESSAGE) && methods->GetRecvMessage() == nullptr)
      undecodable_ = true;
    if (methods->QueryInterceptionHookPoint(Hook::PRE_SEND_STATUS) && undecodable_ &&
        methods->GetSendStatus().error_code() == grpc::StatusCode::INTERNAL)
      methods->ModifySendStatus({grpc::StatusCode::INVALID_ARGUMENT,
                                 "the request is not a valid " + request_type_of(method_) + " message"});
    methods->Proceed();
  }

 private:
  std::string method_;
  bool undecodable_ = false;
};

class RequestCheckFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override {
    using Type = grpc::experimental::ServerRpcInfo::Type;
    if (info->type() != Type::UNARY && info->type() != Type::SERVER_STREAMING) return nullptr;
    return new RequestCheck(info->method() ? info->method() : "");
  }
};

}  // namespace

std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> request_check_interceptors() {
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> out;
  out.push_back(std::make_unique<RequestCheckFactory>());
  return out;
}

}  // namespace udplab::control
