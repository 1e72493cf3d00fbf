#include "workload/request_workload.hpp"

#include "report/request_report.hpp"

namespace udplab::workload {

RequestWorkload::RequestWorkload(transport::Runtime& runtime, request::RequestConfig config, request::RandomBits random,
                                 RequestOptions options)
    : runtime_(runtime), engine_(std::move(config), std::move(random)), options_(options) {
  if (options_.bind.address.is_unspecified() && engine_.config().target.address.is_v6())
    options_.bind.address = net::IpAddress::any(net::Family::v6);
}

std::optional<std::string> RequestWorkload::start() {
  auto socket = open_socket(runtime_, options_.bind,
                                   options_.connect ? std::optional(engine_.config().target) : std::nullopt);
  if (!socket) return socket.error();
  local_ = (*socket)->local_endpoint();
  driver_ = drive(runtime_, std::move(*socket), engine_, on_event_);
  return std::nullopt;
}

void RequestWorkload::stop() { stop_driven(runtime_, driver_, engine_); }

void RequestWorkload::fill_report(v1::WorkloadReport& report) const {
  report.set_finished(engine_.finished());
  *report.mutable_request() = report::make_request_report(engine_.summary());
}

}  // namespace udplab::workload
