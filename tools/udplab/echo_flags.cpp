// The flags of echo ping and echo serve (see option_messages.hpp).
#include "echo/probe_codec.hpp"
#include "option_messages.hpp"
#include "options/echo_options.hpp"
#include "transport/runtime.hpp"
#include "util/duration.hpp"

namespace udplab::cli {
namespace {

const FieldFlag kPingFields[] = {{"target", "HOST[:PORT]"}, {"count", "--count"},   {"interval", "--interval"},
                                 {"size", "--size"},        {"timeout", "--timeout"}, {"window", "--window"},
                                 {"duration", "--duration"}};
const FieldFlag kEchoServerFields[] = {{"port", "--port"}, {"name", "--name"}};

}  // namespace

const FlagTable kPingFlags = kPingFields;
const FlagTable kEchoServerFlags = kEchoServerFields;

void add_ping_flags(po::options_description& o) {
  const echo::PingConfig d;
  const std::string sizes = "payload bytes per probe (" + std::to_string(echo::kProbeHeaderSize) + "-" +
                            std::to_string(transport::kMaxUdpPayloadV4) + ")";
  o.add_options()
      ("count,c", po::value<std::string>()->default_value(std::to_string(d.count)), "probes to send (0: until Ctrl-C or --duration)")
      ("interval,i", po::value<std::string>()->default_value(util::format_duration(d.interval)), "time between probes (e.g. 200ms)")
      ("size,s", po::value<std::string>()->default_value(std::to_string(d.payload_size)), sizes.c_str())
      ("timeout,W", po::value<std::string>()->default_value(util::format_duration(d.timeout)), "how long a probe may take before it counts as lost")
      ("flood,f", po::bool_switch(), "send as fast as replies return, keeping --window probes in flight")
      ("window", po::value<std::string>()->default_value(std::to_string(d.window)), "probes in flight in flood mode");
}

v1::EchoPingOptions ping_options(const po::variables_map& vm, const std::string& target) {
  v1::EchoPingOptions m;
  m.set_target(target);
  m.set_count(unsigned_arg(vm, "count", 0, UINT64_MAX));
  m.set_interval(vm["interval"].as<std::string>());
  m.set_size(static_cast<std::uint32_t>(count_arg(vm, "size")));
  m.set_timeout(vm["timeout"].as<std::string>());
  m.set_flood(vm["flood"].as<bool>());
  m.set_window(static_cast<std::uint32_t>(count_arg(vm, "window")));
  return m;
}

void add_echo_server_flags(po::options_description& o) {
  o.add_options()
      ("port,p", po::value<std::string>()->default_value(std::to_string(options::kEchoPort)), "UDP port (below 1024 needs root)")
      ("reply-length", po::bool_switch(), "answer with the datagram's length instead of its bytes");
}

v1::EchoServerOptions echo_server_options(const po::variables_map& vm) {
  v1::EchoServerOptions m;
  m.set_port(static_cast<std::uint32_t>(unsigned_arg(vm, "port", 0, UINT32_MAX)));
  m.set_reply_length(vm["reply-length"].as<bool>());
  if (vm.count("name")) m.set_name(vm["name"].as<std::string>());
  return m;
}

}  // namespace udplab::cli
