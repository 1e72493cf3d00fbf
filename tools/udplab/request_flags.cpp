// The flags of request (see option_messages.hpp).
#include "option_messages.hpp"
#include "request/backoff.hpp"
#include "util/duration.hpp"
#include "util/format.hpp"

namespace udplab::cli {
namespace {

const FieldFlag kRequestFields[] = {{"target", "HOST:PORT"},   {"message", "MESSAGE"},   {"initial", "--initial"},
                                    {"factor", "--factor"},    {"max_wait", "--max-wait"}};

}  // namespace

const FlagTable kRequestFlags = kRequestFields;

void add_request_flags(po::options_description& o) {
  const request::BackoffPolicy d;
  o.add_options()
      ("initial", po::value<std::string>()->default_value(util::format_duration(d.initial)), "wait for the first attempt")
      ("factor", po::value<std::string>()->default_value(util::format("%g", d.factor)), "each wait is this many times the one before (>1)")
      ("max-wait", po::value<std::string>()->default_value(util::format_duration(d.max_wait)), "give up when the next wait would be longer")
      ("jitter", po::bool_switch(), "draw each wait at random from [wait/2, wait]");
}

v1::RequestOptions request_options(const po::variables_map& vm, const std::string& target) {
  v1::RequestOptions m;
  m.set_target(target);
  m.set_message(vm["message"].as<std::string>());
  m.set_initial(vm["initial"].as<std::string>());
  m.set_factor(number_arg(vm, "factor"));
  m.set_max_wait(vm["max-wait"].as<std::string>());
  m.set_jitter(vm["jitter"].as<bool>());
  return m;
}

}  // namespace udplab::cli
