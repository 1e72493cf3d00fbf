// The request client as a workload: its socket (connected to the target unless asked otherwise),
// its driver and its report.
#pragma once

#include <memory>

#include "request/request_client.hpp"
#include "transport/driver.hpp"
#include "workload/workload.hpp"

namespace udplab::workload {

struct RequestOptions {
  net::Endpoint bind;     // default: any address, ephemeral port, of the target's family
  bool connect = true;    // false: see other sources (ignored, counted) but no "connection refused"
};

class RequestWorkload final : public Workload {
 public:
  RequestWorkload(transport::Runtime& runtime, request::RequestConfig config, request::RandomBits random,
                  RequestOptions options = {});
  void on_event(std::function<void(const request::RequestEvent&)> fn) { on_event_ = std::move(fn); }

  std::optional<std::string> start() override;
  bool finite() const override { return true; }
  bool finished() const override { return engine_.finished(); }
  void stop() override;
  void fill_report(v1::WorkloadReport& report) const override;
  const request::RequestSummary& summary() const { return engine_.summary(); }
  // The socket's address once started (to aim stray datagrams at it in tests).
  net::Endpoint local_endpoint() const { return local_; }

 private:
  transport::Runtime& runtime_;
  request::RequestClient engine_;
  RequestOptions options_;
  net::Endpoint local_;
  std::unique_ptr<transport::Driver<request::RequestClient>> driver_;
  std::function<void(const request::RequestEvent&)> on_event_;
};

}  // namespace udplab::workload
