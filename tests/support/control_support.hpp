// An agent in the test process on a free loopback port, and a client for it.
#pragma once

#include <boost/test/unit_test.hpp>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <future>

#include "control/agent.hpp"
#include "scenario/embedded.hpp"
#include "scenario/load.hpp"
#include "udplab/v1/control.grpc.pb.h"

namespace udplab::test {

struct TestAgent {
  explicit TestAgent(control::AgentOptions options = {}) {
    options.listen = options.listen == control::AgentOptions{}.listen ? "127.0.0.1:0" : options.listen;
    agent = std::make_unique<control::Agent>(options);
    auto p = agent->start();
    if (!p) BOOST_FAIL("agent did not start: " << p.error());
    port = *p;
    std::shared_ptr<grpc::ChannelCredentials> creds = grpc::InsecureChannelCredentials();
    channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port), creds);
    stub = v1::Control::NewStub(channel);
  }
  ~TestAgent() { agent->shutdown(); }

  std::unique_ptr<grpc::ClientContext> ctx(const std::string& token = "") const {
    auto c = std::make_unique<grpc::ClientContext>();
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    if (!token.empty()) c->AddMetadata("authorization", "Bearer " + token);
    return c;
  }

  // Reads every event of a run (waits for the run to end).
  std::vector<v1::RunEvent> events(const std::string& run_id) const {
    v1::RunRef ref;
    ref.set_run_id(run_id);
    auto c = ctx();
    auto reader = stub->StreamEvents(c.get(), ref);
    std::vector<v1::RunEvent> out;
    v1::RunEvent e;
    while (reader->Read(&e)) out.push_back(e);
    auto status = reader->Finish();
    BOOST_TEST(status.ok(), status.error_message());
    return out;
  }

  v1::RunReport wait_report(const std::string& run_id) const {
    events(run_id);
    v1::RunRef ref;
    ref.set_run_id(run_id);
    v1::RunReport report;
    auto c = ctx();
    auto status = stub->GetReport(c.get(), ref, &report);
    BOOST_TEST(status.ok(), status.error_message());
    return report;
  }

  // Sends `request` as the bytes of a unary call to `method` ("/package.Service/Method"), as a
  // client with its own idea of the message would; the reply's bytes go to `reply`.
  grpc::Status call_raw(const std::string& method, const std::string& request, std::string* reply = nullptr) const {
    grpc::GenericStub generic(channel);
    grpc::Slice slice(request);
    const grpc::ByteBuffer in(&slice, 1);
    grpc::ByteBuffer out;
    auto c = ctx();
    std::promise<grpc::Status> done;
    generic.UnaryCall(c.get(), method, grpc::StubOptions(), &in, &out, [&done](grpc::Status s) { done.set_value(s); });
    auto status = done.get_future().get();
    if (reply) {
      std::vector<grpc::Slice> slices;
      reply->clear();
      if (out.Dump(&slices).ok())
        for (const auto& s : slices) reply->append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
    return status;
  }

  std::unique_ptr<control::Agent> agent;
  int port = 0;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::Control::Stub> stub;
};

inline v1::Scenario default_scenario() {
  auto loaded = scenario::parse_scenario(std::string(scenario::default_scenario_text()), "default");
  return loaded->scenario;
}

// The default scenario made to run long (a slow ping), for cancel and limit tests.
inline v1::Scenario long_scenario() {
  auto s = default_scenario();
  s.set_duration("9m");
  s.mutable_workloads(1)->mutable_echo_ping()->set_count(50000);
  s.mutable_workloads(1)->mutable_echo_ping()->set_interval("10ms");
  return s;
}

}  // namespace udplab::test
