// Compiling the options of the request, broadcast, discovery and chat workloads: defaults as the
// CLI has them, and the same validation.
#include "scenario/plan.hpp"
#include "util/bytes.hpp"

namespace udplab::scenario {
namespace {

using Unexpected = std::unexpected<Problem>;

std::expected<net::Endpoint, Problem> endpoint_field(const std::string& text, const FieldPath& at) {
  if (text.empty()) return Unexpected(Problem{at, "an address like \"10.0.0.2:7\" is required"});
  auto e = net::Endpoint::parse(text);
  if (!e) return Unexpected(Problem{at, e.error()});
  if (e->port == 0) return Unexpected(Problem{at, "a port is required"});
  return *e;
}

}  // namespace

std::expected<RequestPlan, Problem> compile_request(const v1::RequestOptions& o, const FieldPath& at) {
  RequestPlan p;
  auto target = endpoint_field(o.target(), at + FieldStep{"target"});
  if (!target) return Unexpected(target.error());
  p.config.target = *target;
  p.config.message = util::to_vector(o.message().empty() ? "request" : o.message());
  auto initial = duration_field(o.initial(), at + FieldStep{"initial"}, std::chrono::milliseconds(100));
  if (!initial) return Unexpected(initial.error());
  auto max_wait = duration_field(o.max_wait(), at + FieldStep{"max_wait"}, std::chrono::seconds(2));
  if (!max_wait) return Unexpected(max_wait.error());
  p.config.backoff = {*initial, o.factor() == 0 ? 2.0 : o.factor(), *max_wait, o.jitter()};
  if (auto bad = request::validate(p.config.backoff)) return Unexpected(Problem{at, *bad});
  return p;
}

}  // namespace udplab::scenario
