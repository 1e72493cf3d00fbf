// The flags of broadcast send, broadcast listen and discover (see option_messages.hpp).
#include "broadcast_args.hpp"
#include "option_messages.hpp"
#include "options/broadcast_options.hpp"
#include "options/echo_options.hpp"
#include "util/duration.hpp"

namespace udplab::cli {
namespace {

const FieldFlag kBroadcastSendFields[] = {{"to", "--to"},          {"limited", "--limited"}, {"port", "--port"},
                                          {"message", "MESSAGE"},  {"count", "--count"},     {"interval", "--interval"}};
const FieldFlag kBroadcastListenFields[] = {{"port", "--port"}, {"count", "--count"}};
const FieldFlag kDiscoverFields[] = {{"to", "--to"},          {"limited", "--limited"}, {"port", "--port"},
                                     {"timeout", "--timeout"}, {"probes", "--probes"},   {"interval", "--interval"}};

// --to and --limited into a message with `to` and `limited` fields.
template <class Message>
void fill_targets(const po::variables_map& vm, Message& m) {
  if (vm.count("to"))
    for (const auto& text : vm["to"].as<std::vector<std::string>>()) m.add_to(text);
  m.set_limited(vm["limited"].as<bool>());
}

}  // namespace

const FlagTable kBroadcastSendFlags = kBroadcastSendFields;
const FlagTable kBroadcastListenFlags = kBroadcastListenFields;
const FlagTable kDiscoverFlags = kDiscoverFields;

void add_broadcast_send_flags(po::options_description& o) {
  const broadcast::SendConfig d;
  o.add_options()
      ("port,p", po::value<std::string>()->default_value(std::to_string(options::kBroadcastPort)), "UDP port the listeners use")
      ("count,c", po::value<std::string>()->default_value(std::to_string(d.count)), "times to send it")
      ("interval,i", po::value<std::string>()->default_value(util::format_duration(d.interval)), "time between sends");
  add_broadcast_target_options(o);
}

v1::BroadcastSendOptions broadcast_send_options(const po::variables_map& vm) {
  v1::BroadcastSendOptions m;
  fill_targets(vm, m);
  m.set_port(static_cast<std::uint32_t>(count_arg(vm, "port")));
  m.set_message(vm["message"].as<std::string>());
  m.set_count(count_arg(vm, "count", UINT64_MAX));
  m.set_interval(vm["interval"].as<std::string>());
  return m;
}

void add_broadcast_listen_flags(po::options_description& o) {
  o.add_options()
      ("port,p", po::value<std::string>()->default_value(std::to_string(options::kBroadcastPort)), "UDP port to listen on")
      ("count,c", po::value<std::string>()->default_value("0"), "stop after this many datagrams (0: no limit)");
}

v1::BroadcastListenOptions broadcast_listen_options(const po::variables_map& vm) {
  v1::BroadcastListenOptions m;
  m.set_port(static_cast<std::uint32_t>(unsigned_arg(vm, "port", 0, UINT32_MAX)));
  m.set_count(unsigned_arg(vm, "count", 0, UINT64_MAX));
  return m;
}

void add_discover_flags(po::options_description& o) {
  const discovery::DiscoverConfig d;
  o.add_options()
      ("port,p", po::value<std::string>()->default_value(std::to_string(options::kEchoPort)), "port the servers listen on")
      ("timeout,W", po::value<std::string>()->default_value(util::format_duration(d.timeout)), "how long to wait for answers after the last probe")
      ("probes", po::value<std::string>()->default_value(std::to_string(d.probes)), "probes to send (more find servers behind a lossy link)")
      ("interval,i", po::value<std::string>()->default_value(util::format_duration(d.interval)), "time between probes");
  add_broadcast_target_options(o);
}

v1::DiscoverOptions discover_options(const po::variables_map& vm) {
  v1::DiscoverOptions m;
  fill_targets(vm, m);
  m.set_port(static_cast<std::uint32_t>(count_arg(vm, "port")));
  m.set_timeout(vm["timeout"].as<std::string>());
  m.set_probes(static_cast<std::uint32_t>(count_arg(vm, "probes")));
  m.set_interval(vm["interval"].as<std::string>());
  return m;
}

}  // namespace udplab::cli
