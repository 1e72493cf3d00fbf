#include "broadcast_args.hpp"

#include "broadcast/broadcast_targets.hpp"
#include "live/resolve.hpp"
#include "text/printable.hpp"

namespace udplab::cli {

void add_broadcast_target_options(po::options_description& options) {
  options.add_options()
      ("to", po::value<std::vector<std::string>>()->composing(),
       "broadcast address to send to (repeatable), e.g. 10.0.1.255; default: every interface's")
      ("limited", po::bool_switch(), "send to the limited broadcast address 255.255.255.255 instead");
}

std::vector<net::Endpoint> broadcast_targets(const po::variables_map& vm, std::uint16_t port,
                                             const transport::Runtime& runtime) {
  const bool limited = vm["limited"].as<bool>();
  if (limited && vm.count("to")) throw UsageError("--to and --limited exclude each other");
  std::vector<net::IpAddress> given;
  if (vm.count("to")) {
    for (const auto& text : vm["to"].as<std::vector<std::string>>()) {
      auto a = net::IpAddress::parse(text);
      if (!a) throw UsageError("--to: " + a.error());
      if (a->is_v6()) throw UsageError("--to " + text + ": IPv6 has no broadcast (it uses multicast)");
      given.push_back(*a);
    }
  }
  return broadcast::broadcast_targets(given, limited, port, runtime.broadcast_addresses());
}

void add_discovery_identity_options(po::options_description& options) {
  options.add_options()
      ("name", po::value<std::string>(), "name to give in discovery answers (default: the host name)")
      ("no-discovery", po::bool_switch(), "do not answer 'udplab discover' probes");
}

std::optional<discovery::Identity> discovery_identity(const po::variables_map& vm, discovery::Role role) {
  if (vm["no-discovery"].as<bool>()) return std::nullopt;
  const bool given = vm.count("name") > 0;
  std::string name = given ? vm["name"].as<std::string>() : live::host_name();
  auto id = discovery::Identity::make(role, name, UDPLAB_VERSION);
  if (id) return *id;
  if (given) throw UsageError("--name: " + id.error());
  // An unusable host name (too long, odd bytes): answer under a neutral name rather than not at all.
  return *discovery::Identity::make(role, "udplab", UDPLAB_VERSION);
}

}  // namespace udplab::cli
