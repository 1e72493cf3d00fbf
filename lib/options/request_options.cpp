#include "options/request_options.hpp"

#include "options/option_fields.hpp"
#include "transport/runtime.hpp"
#include "util/bytes.hpp"

namespace udplab::options {

using Unexpected = std::unexpected<Problem>;

std::expected<request::RequestConfig, Problem> to_request_config(const v1::RequestOptions& o, const FieldPath& at) {
  request::RequestConfig c;
  auto target = endpoint_field(o.target(), at + FieldStep{"target"});
  if (!target) return Unexpected(target.error());
  c.target = *target;
  c.message = util::to_vector(o.has_message() ? o.message() : kDefaultRequestMessage);
  if (c.message.size() > transport::kMaxUdpPayloadV4)
    return Unexpected(Problem{at + FieldStep{"message"}, "is " + std::to_string(c.message.size()) +
                                                             " bytes; a UDP datagram holds at most " +
                                                             std::to_string(transport::kMaxUdpPayloadV4)});
  auto initial = duration_field(o.initial(), at + FieldStep{"initial"}, c.backoff.initial);
  if (!initial) return Unexpected(initial.error());
  auto max_wait = duration_field(o.max_wait(), at + FieldStep{"max_wait"}, c.backoff.max_wait);
  if (!max_wait) return Unexpected(max_wait.error());
  c.backoff = {*initial, o.has_factor() ? o.factor() : c.backoff.factor, *max_wait, o.jitter()};
  if (auto bad = request::validate(c.backoff)) return Unexpected(config_problem(*bad, at));
  return c;
}

}  // namespace udplab::options
