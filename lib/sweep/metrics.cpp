#include "sweep/metrics.hpp"

#include <unordered_set>

#include <google/protobuf/descriptor.h>

#include "scenario/plan.hpp"

namespace udplab::sweep {
namespace pb = google::protobuf;
namespace {

// Every field of a result message, sub-messages included even when unset (their defaults): the
// names are then those of the message type, the same for every run. Reports set every
// sub-message they have, so no run reports a default where it measured nothing.
void flatten(const pb::Message& m, const std::string& prefix, std::vector<std::pair<std::string, double>>& out) {
  const pb::Descriptor* d = m.GetDescriptor();
  const pb::Reflection* r = m.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const pb::FieldDescriptor* f = d->field(i);
    if (f->is_repeated()) continue;
    const std::string name = prefix + "." + f->name();
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_DOUBLE: out.emplace_back(name, r->GetDouble(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_FLOAT: out.emplace_back(name, r->GetFloat(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_INT32: out.emplace_back(name, r->GetInt32(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_INT64: out.emplace_back(name, static_cast<double>(r->GetInt64(m, f))); break;
      case pb::FieldDescriptor::CPPTYPE_UINT32: out.emplace_back(name, r->GetUInt32(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_UINT64: out.emplace_back(name, static_cast<double>(r->GetUInt64(m, f))); break;
      case pb::FieldDescriptor::CPPTYPE_BOOL: out.emplace_back(name, r->GetBool(m, f) ? 1 : 0); break;
      case pb::FieldDescriptor::CPPTYPE_MESSAGE: flatten(r->GetMessage(m, f), name, out); break;
      default: break;
    }
  }
}

// The member of WorkloadReport's `result` a workload fills: the one named like its engine, except
// that downloads and uploads share the TFTP transfer report.
const pb::FieldDescriptor* result_field(const v1::Workload& w) {
  const pb::FieldDescriptor* engine = w.GetReflection()->GetOneofFieldDescriptor(w, w.GetDescriptor()->FindOneofByName("engine"));
  if (!engine) return nullptr;
  const bool transfer = engine->number() == v1::Workload::kTftpGetFieldNumber || engine->number() == v1::Workload::kTftpPutFieldNumber;
  const pb::FieldDescriptor* field = v1::WorkloadReport::descriptor()->FindFieldByName(transfer ? "tftp" : engine->name());
  return field && field->containing_oneof() && field->containing_oneof()->name() == "result" ? field : nullptr;
}

}  // namespace

std::vector<std::pair<std::string, double>> workload_metrics(const v1::SimulationReport& report) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& w : report.workloads()) {
    const pb::Reflection* r = w.GetReflection();
    const pb::OneofDescriptor* result = w.GetDescriptor()->FindOneofByName("result");
    if (const pb::FieldDescriptor* f = r->GetOneofFieldDescriptor(w, result)) flatten(r->GetMessage(w, f), w.name(), out);
  }
  return out;
}

std::vector<std::string> metric_columns(const v1::Scenario& base, const std::vector<Vary>& varies) {
  std::vector<std::string> columns;
  std::unordered_set<std::string> seen;
  for (const auto& combination : make_grid(varies, 1)) {
    auto scenario = apply_values(base, varies, combination.values);
    if (!scenario) continue;
    // Compiled for the workloads' names as a run gives them; a combination that does not compile
    // runs nothing, so it reports nothing.
    auto plan = scenario::compile(*scenario);
    if (!plan) continue;
    // A report of the result types with their defaults, named as the run names its workloads.
    v1::SimulationReport shape;
    for (std::size_t i = 0; i < plan->workloads.size(); ++i) {
      auto* w = shape.add_workloads();
      w->set_name(plan->workloads[i].name);
      if (const pb::FieldDescriptor* f = result_field(scenario->workloads(static_cast<int>(i))))
        w->GetReflection()->MutableMessage(w, f);
    }
    for (auto& [name, value] : workload_metrics(shape))
      if (seen.insert(name).second) columns.push_back(std::move(name));
  }
  return columns;
}

}  // namespace udplab::sweep
