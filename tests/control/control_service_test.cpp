// The Control service end to end, through a real gRPC channel to an agent in this process.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <sstream>
#include <thread>

#include "netsim/trace_jsonl.hpp"
#include "report/json.hpp"
#include "scenario/run.hpp"
#include "support/control_support.hpp"

using namespace udplab;
using namespace udplab::test;

namespace {

std::string start(TestAgent& a, const v1::Scenario& s, grpc::Status* status_out = nullptr) {
  v1::StartSimulationRequest req;
  *req.mutable_scenario() = s;
  v1::RunInfo info;
  auto c = a.ctx();
  auto status = a.stub->StartSimulation(c.get(), req, &info);
  if (status_out) *status_out = status;
  else BOOST_TEST(status.ok(), status.error_message());
  return info.run_id();
}

namespace pb = google::protobuf;

// A path to an enum field inside a message type, and that enum.
struct EnumField {
  std::vector<const pb::FieldDescriptor*> steps;
  std::string path;  // as the agent names it: repeated fields get [0]
};

// Every enum field reachable from `type`, depth first (a message type already on the way down is
// not entered again, so recursive types end).
void enum_fields(const pb::Descriptor* type, std::vector<const pb::FieldDescriptor*>& steps,
                 std::vector<const pb::Descriptor*>& open, std::vector<EnumField>& out) {
  open.push_back(type);
  for (int i = 0; i < type->field_count(); ++i) {
    const auto* f = type->field(i);
    steps.push_back(f);
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_ENUM) {
      std::string path;
      for (const auto* s : steps) path += (path.empty() ? "" : ".") + s->name() + (s->is_repeated() ? "[0]" : "");
      out.push_back({steps, path});
    } else if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE &&
               std::find(open.begin(), open.end(), f->message_type()) == open.end()) {
      enum_fields(f->message_type(), steps, open, out);
    }
    steps.pop_back();
  }
  open.pop_back();
}

// A message of `type` with only the field at `field` set, to a number its enum does not define.
std::string with_undefined_enum(const pb::Descriptor* type, const EnumField& field, int& number) {
  std::unique_ptr<pb::Message> message(pb::MessageFactory::generated_factory()->GetPrototype(type)->New());
  pb::Message* m = message.get();
  for (std::size_t i = 0; i + 1 < field.steps.size(); ++i) {
    const auto* f = field.steps[i];
    m = f->is_repeated() ? m->GetReflection()->AddMessage(m, f) : m->GetReflection()->MutableMessage(m, f);
  }
  const auto* f = field.steps.back();
  number = 0;
  for (int i = 0; i < f->enum_type()->value_count(); ++i) number = std::max(number, f->enum_type()->value(i)->number());
  ++number;
  if (f->is_repeated()) m->GetReflection()->AddEnumValue(m, f, number);
  else m->GetReflection()->SetEnumValue(m, f, number);
  return message->SerializeAsString();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(control_service_test)

BOOST_AUTO_TEST_CASE(server_info) {
  TestAgent a;
  v1::ServerInfo info;
  auto c = a.ctx();
  BOOST_REQUIRE(a.stub->GetServerInfo(c.get(), {}, &info).ok());
  BOOST_TEST(info.version() == UDPLAB_VERSION);
  BOOST_TEST(info.capabilities_size() >= 3);
  BOOST_TEST(info.max_concurrent_runs() == 4u);
  BOOST_TEST(!info.authentication_required());
  BOOST_TEST(info.runs_in_progress() == 0u);
}

BOOST_AUTO_TEST_CASE(validate_names_the_field) {
  TestAgent a;
  v1::ValidateScenarioRequest req;
  *req.mutable_scenario() = default_scenario();
  v1::ValidateScenarioResponse resp;
  auto c = a.ctx();
  BOOST_REQUIRE(a.stub->ValidateScenario(c.get(), req, &resp).ok());
  BOOST_TEST(resp.valid());
  req.mutable_scenario()->mutable_workloads(1)->set_host("nobody");
  auto c2 = a.ctx();
  BOOST_REQUIRE(a.stub->ValidateScenario(c2.get(), req, &resp).ok());
  BOOST_TEST(!resp.valid());
  BOOST_TEST(resp.field() == "workloads[1].host");
  BOOST_TEST(resp.message() == "unknown host 'nobody'");
}

BOOST_AUTO_TEST_CASE(invalid_scenarios_are_invalid_argument) {
  TestAgent a;
  auto s = default_scenario();
  s.mutable_links(0)->mutable_a_to_b()->set_loss_percent(150);
  grpc::Status status;
  start(a, s, &status);
  BOOST_TEST((status.error_code() == grpc::StatusCode::INVALID_ARGUMENT));
  BOOST_TEST(status.error_message().find("links[0].a_to_b.loss_percent") != std::string::npos, status.error_message());
}

BOOST_AUTO_TEST_CASE(simulation_matches_a_local_run_and_late_subscribers_get_everything) {
  TestAgent a;
  const std::string id = start(a, default_scenario());
  BOOST_TEST(id.rfind("sim-", 0) == 0u);
  const auto report = a.wait_report(id);  // waits for the end, so the next stream is late
  BOOST_TEST((report.info().state() == v1::SUCCEEDED));
  const auto events = a.events(id);
  BOOST_REQUIRE(!events.empty());
  BOOST_TEST(events.front().seq() == 1u);
  BOOST_TEST(events.back().seq() == events.size());
  BOOST_TEST(events.back().has_state());
  BOOST_TEST((events.back().state().state() == v1::SUCCEEDED));
  std::size_t traces = 0, replies = 0;
  for (const auto& e : events) {
    traces += e.has_trace();
    replies += e.has_workload() && e.workload().kind() == "reply";
  }

  // The same scenario run here: same report, same trace.
  auto plan = scenario::compile(default_scenario());
  std::ostringstream local_trace;
  netsim::JsonlTraceWriter writer(&local_trace);
  scenario::RunOptions options;
  options.sinks.push_back(&writer);
  scenario::ScenarioRun local(std::move(*plan), options);
  local.run();
  const auto local_report = local.report();
  BOOST_TEST(report.simulation().trace_sha256() == local_report.trace_sha256());
  BOOST_TEST(report::to_json(report.simulation()) == report::to_json(local_report));
  BOOST_TEST(traces == local_report.trace_events());
  BOOST_TEST(replies == local_report.workloads(1).echo_ping().received());

  v1::GetTraceRequest req;
  req.set_run_id(id);
  req.set_format(v1::JSONL);
  auto c = a.ctx();
  auto reader = a.stub->GetTrace(c.get(), req);
  std::string jsonl;
  v1::TraceChunk chunk;
  while (reader->Read(&chunk)) jsonl += chunk.data();
  BOOST_REQUIRE(reader->Finish().ok());
  BOOST_TEST(jsonl == local_trace.str());
  req.set_format(v1::PCAPNG);
  auto c2 = a.ctx();
  auto pcap_reader = a.stub->GetTrace(c2.get(), req);
  std::string pcap;
  while (pcap_reader->Read(&chunk)) pcap += chunk.data();
  BOOST_REQUIRE(pcap_reader->Finish().ok());
  BOOST_TEST(pcap.substr(0, 4) == std::string("\x0a\x0d\x0d\x0a", 4));
}

BOOST_AUTO_TEST_CASE(unknown_runs_are_not_found) {
  TestAgent a;
  v1::RunRef ref;
  ref.set_run_id("sim-999");
  v1::RunReport report;
  auto c = a.ctx();
  BOOST_TEST((a.stub->GetReport(c.get(), ref, &report).error_code() == grpc::StatusCode::NOT_FOUND));
}

BOOST_AUTO_TEST_CASE(cancel_and_list) {
  TestAgent a;
  const std::string id = start(a, long_scenario());
  v1::RunRef ref;
  ref.set_run_id(id);
  v1::RunInfo info;
  auto c = a.ctx();
  BOOST_REQUIRE(a.stub->CancelRun(c.get(), ref, &info).ok());
  const auto report = a.wait_report(id);
  BOOST_TEST((report.info().state() == v1::CANCELLED));
  BOOST_TEST(report.simulation().workloads(1).echo_ping().sent() < 50000u);  // stopped early, report covers it
  v1::ListRunsResponse list;
  auto c2 = a.ctx();
  BOOST_REQUIRE(a.stub->ListRuns(c2.get(), {}, &list).ok());
  BOOST_REQUIRE_EQUAL(list.runs_size(), 1);
  BOOST_TEST(list.runs(0).run_id() == id);
}

BOOST_AUTO_TEST_CASE(limits_give_resource_exhausted) {
  control::AgentOptions options;
  options.limits.max_concurrent_runs = 1;
  options.limits.max_run_duration = std::chrono::minutes(10);
  TestAgent a(options);
  const std::string first = start(a, long_scenario());
  grpc::Status status;
  start(a, default_scenario(), &status);
  BOOST_TEST((status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED), status.error_message());
  v1::RunRef ref;
  ref.set_run_id(first);
  v1::RunInfo info;
  auto c = a.ctx();
  a.stub->CancelRun(c.get(), ref, &info);
  a.wait_report(first);
  // A scenario longer than the limit is refused before it starts.
  auto too_long = default_scenario();
  too_long.set_duration("11m");
  start(a, too_long, &status);
  BOOST_TEST((status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED));
  BOOST_TEST(status.error_message().find("--max-run-duration") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(trace_limit_stops_the_run) {
  control::AgentOptions options;
  options.limits.max_trace_bytes = 200'000;
  TestAgent a(options);
  const std::string id = start(a, long_scenario());
  const auto report = a.wait_report(id);
  BOOST_TEST((report.info().state() == v1::FAILED));
  BOOST_TEST(report.info().error().find("RESOURCE_EXHAUSTED") != std::string::npos, report.info().error());
  v1::GetTraceRequest req;
  req.set_run_id(id);
  auto c = a.ctx();
  auto reader = a.stub->GetTrace(c.get(), req);
  v1::TraceChunk chunk;
  while (reader->Read(&chunk)) {
  }
  const auto status = reader->Finish();
  BOOST_TEST((status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED));
  BOOST_TEST(status.error_message().find("200000 bytes (--max-trace-bytes") != std::string::npos, status.error_message());
}

BOOST_AUTO_TEST_CASE(a_client_that_goes_away_does_not_stop_the_run) {
  TestAgent a;
  const std::string id = start(a, default_scenario());
  {
    v1::RunRef ref;
    ref.set_run_id(id);
    grpc::ClientContext c;
    auto reader = a.stub->StreamEvents(&c, ref);
    v1::RunEvent e;
    BOOST_REQUIRE(reader->Read(&e));
    c.TryCancel();  // hang up after the first event
  }
  const auto report = a.wait_report(id);
  BOOST_TEST((report.info().state() == v1::SUCCEEDED));
  BOOST_TEST(report.simulation().workloads(1).echo_ping().sent() == 200u);
}

BOOST_AUTO_TEST_CASE(tokens_are_checked) {
  control::AgentOptions options;
  options.security.token = "0123456789abcdef-secret";
  TestAgent a(options);
  v1::ServerInfo info;
  auto none = a.ctx();
  BOOST_TEST((a.stub->GetServerInfo(none.get(), {}, &info).error_code() == grpc::StatusCode::UNAUTHENTICATED));
  auto wrong = a.ctx("0123456789abcdef-secreT");
  BOOST_TEST((a.stub->GetServerInfo(wrong.get(), {}, &info).error_code() == grpc::StatusCode::UNAUTHENTICATED));
  auto prefix = a.ctx("0123456789abcdef");
  BOOST_TEST((a.stub->GetServerInfo(prefix.get(), {}, &info).error_code() == grpc::StatusCode::UNAUTHENTICATED));
  auto right = a.ctx("0123456789abcdef-secret");
  BOOST_TEST(a.stub->GetServerInfo(right.get(), {}, &info).ok());
  BOOST_TEST(info.authentication_required());
  // Streaming calls too.
  v1::RunRef ref;
  ref.set_run_id("sim-1");
  auto c = a.ctx();
  auto reader = a.stub->StreamEvents(c.get(), ref);
  v1::RunEvent e;
  BOOST_TEST(!reader->Read(&e));
  BOOST_TEST((reader->Finish().error_code() == grpc::StatusCode::UNAUTHENTICATED));
}

BOOST_AUTO_TEST_CASE(two_authorization_headers_are_refused_clearly) {
  control::AgentOptions options;
  options.security.token = "0123456789abcdef-secret";
  TestAgent a(options);
  auto c = a.ctx("0123456789abcdef-secret");
  c->AddMetadata("authorization", "Bearer 0123456789abcdef-secret");
  v1::ServerInfo info;
  const auto status = a.stub->GetServerInfo(c.get(), {}, &info);
  BOOST_TEST((status.error_code() == grpc::StatusCode::UNAUTHENTICATED), status.error_code() << " " << status.error_message());
  BOOST_TEST(status.error_message() == "send one 'authorization: Bearer TOKEN' header, not 2");
}

BOOST_AUTO_TEST_CASE(undecodable_requests_are_invalid_argument_for_every_method) {
  TestAgent a;
  // A truncated varint: no message decodes from these bytes.
  const std::string garbage = "\xff\xff\xff\xff";
  const auto* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(v1::Control::service_full_name());
  BOOST_REQUIRE(service);
  for (int i = 0; i < service->method_count(); ++i) {
    const auto* method = service->method(i);
    const auto status = a.call_raw("/" + std::string(v1::Control::service_full_name()) + "/" + method->name(), garbage);
    BOOST_TEST((status.error_code() == grpc::StatusCode::INVALID_ARGUMENT), method->name() << ": " << status.error_code());
    BOOST_TEST(status.error_message() == "the request is not a valid " + method->input_type()->full_name() + " message",
               method->name() << ": " << status.error_message());
  }
}

BOOST_AUTO_TEST_CASE(health_answers_for_the_server_and_the_control_service) {
  TestAgent a;
  // grpc.health.v1.HealthCheckRequest{service = 1} and HealthCheckResponse{status = 1}, SERVING = 1.
  const auto check = [&a](const std::string& service, std::string& reply) {
    return a.call_raw("/grpc.health.v1.Health/Check", "\x0a" + std::string(1, static_cast<char>(service.size())) + service, &reply);
  };
  const std::string serving("\x08\x01", 2);
  for (const std::string& service : {std::string(), std::string(v1::Control::service_full_name())}) {
    std::string reply;
    const auto status = check(service, reply);
    BOOST_TEST(status.ok(), "'" << service << "': " << status.error_code() << " " << status.error_message());
    BOOST_TEST(reply == serving, "'" << service << "'");
  }
  std::string reply;
  BOOST_TEST((check("udplab.v1.Nothing", reply).error_code() == grpc::StatusCode::NOT_FOUND));
}

BOOST_AUTO_TEST_CASE(undefined_enum_numbers_are_refused_in_every_request_and_scenario) {
  TestAgent a;
  const auto* service = pb::DescriptorPool::generated_pool()->FindServiceByName(v1::Control::service_full_name());
  BOOST_REQUIRE(service);
  std::size_t checked = 0;
  for (int i = 0; i < service->method_count(); ++i) {
    const auto* method = service->method(i);
    std::vector<const pb::FieldDescriptor*> steps;
    std::vector<const pb::Descriptor*> open;
    std::vector<EnumField> fields;
    enum_fields(method->input_type(), steps, open, fields);
    for (const auto& field : fields) {
      int number = 0;
      const std::string request = with_undefined_enum(method->input_type(), field, number);
      std::string reply;
      const auto status =
          a.call_raw("/" + std::string(v1::Control::service_full_name()) + "/" + method->name(), request, &reply);
      const std::string unknown = "unknown value " + std::to_string(number) + " (expected ";
      if (method->name() == "ValidateScenario") {
        // The scenario is the subject here: its problems are the answer, not an error.
        v1::ValidateScenarioResponse answer;
        BOOST_TEST(status.ok(), field.path << ": " << status.error_message());
        BOOST_REQUIRE(answer.ParseFromString(reply));
        BOOST_TEST(!answer.valid(), field.path);
        const std::string named = "scenario." + answer.field();
        BOOST_TEST(named == field.path);
        BOOST_TEST(answer.message().rfind(unknown, 0) == 0u, field.path << ": " << answer.message());
      } else {
        BOOST_TEST((status.error_code() == grpc::StatusCode::INVALID_ARGUMENT), method->name() << " " << field.path);
        BOOST_TEST(status.error_message().rfind("field " + field.path + ": " + unknown, 0) == 0u,
                   method->name() << " " << field.path << ": " << status.error_message());
      }
      ++checked;
    }
  }
  // The scenario's enums (delay distributions, loss models, TFTP modes...) and GetTrace's format at least.
  BOOST_TEST(checked > 10u);
  BOOST_TEST_MESSAGE(checked << " enum fields checked");
}

BOOST_AUTO_TEST_CASE(a_trace_format_the_agent_does_not_know_is_refused) {
  TestAgent a;
  const std::string id = start(a, default_scenario());
  a.wait_report(id);
  v1::GetTraceRequest req;
  req.set_run_id(id);
  req.set_format(static_cast<v1::TraceFormat>(99));
  auto c = a.ctx();
  auto reader = a.stub->GetTrace(c.get(), req);
  v1::TraceChunk chunk;
  BOOST_TEST(!reader->Read(&chunk));  // no JSON Lines instead
  const auto status = reader->Finish();
  BOOST_TEST((status.error_code() == grpc::StatusCode::INVALID_ARGUMENT));
  BOOST_TEST(status.error_message() == "field format: unknown value 99 (expected JSONL or PCAPNG)");
}

BOOST_AUTO_TEST_CASE(scenario_names_and_descriptions_are_bounded) {
  TestAgent a;
  // A name that would make every run listing bigger than a default client takes (4 MiB) once a
  // couple of such runs are kept.
  auto huge = default_scenario();
  huge.set_name(std::string(std::size_t{5} << 19, 'n'));
  grpc::Status status;
  start(a, huge, &status);
  BOOST_TEST((status.error_code() == grpc::StatusCode::INVALID_ARGUMENT));
  BOOST_TEST(status.error_message() == "scenario field name: is 2621440 bytes long; at most 128 bytes are allowed");
  auto wordy = default_scenario();
  wordy.set_description(std::string(4097, 'd'));
  start(a, wordy, &status);
  BOOST_TEST(status.error_message() == "scenario field description: is 4097 bytes long; at most 4096 bytes are allowed");
  // At the limits they run, and are listed.
  auto longest = default_scenario();
  longest.set_name(std::string(128, 'n'));
  longest.set_description(std::string(4096, 'd'));
  const std::string id = start(a, longest);
  a.wait_report(id);
  v1::ListRunsResponse list;
  auto c = a.ctx();
  BOOST_REQUIRE(a.stub->ListRuns(c.get(), {}, &list).ok());
  BOOST_REQUIRE_EQUAL(list.runs_size(), 1);
  BOOST_TEST(list.runs(0).description() == "simulation " + std::string(128, 'n'));
}

BOOST_AUTO_TEST_CASE(a_port_another_agent_holds_is_refused) {
  TestAgent first;
  control::AgentOptions options;
  options.listen = "127.0.0.1:" + std::to_string(first.port);
  control::Agent second(options);
  const auto started = second.start();
  BOOST_REQUIRE(!started);
  BOOST_TEST(started.error() == "cannot listen on " + options.listen + " (address in use, or not an address of this host)");
}

BOOST_AUTO_TEST_CASE(non_loopback_needs_a_token_or_tls) {
  control::AgentOptions options;
  options.listen = "0.0.0.0:0";
  control::Agent agent(options);
  auto started = agent.start();
  BOOST_REQUIRE(!started);
  BOOST_TEST(started.error().find("needs a token") != std::string::npos);
  BOOST_TEST(control::is_loopback_listen("127.0.0.1:1"));
  BOOST_TEST(control::is_loopback_listen("[::1]:1"));
  BOOST_TEST(control::is_loopback_listen("localhost:1"));
  BOOST_TEST(!control::is_loopback_listen("[::]:1"));
  BOOST_TEST(!control::is_loopback_listen("10.0.0.1:1"));
}

BOOST_AUTO_TEST_SUITE_END()
