#include "broadcast_args.hpp"

#include "live/resolve.hpp"
#include "option_flags.hpp"
#include "options/echo_options.hpp"

namespace udplab::cli {

void add_broadcast_target_options(po::options_description& options) {
  options.add_options()
      ("to", po::value<std::vector<std::string>>()->composing(),
       "broadcast address to send to (repeatable), e.g. 10.0.1.255; default: every interface's")
      ("limited", po::bool_switch(), "send to the limited broadcast address 255.255.255.255 instead");
}

void add_discovery_identity_options(po::options_description& options) {
  options.add_options()
      ("name", po::value<std::string>(), "name to give in discovery answers (default: the host name)")
      ("no-discovery", po::bool_switch(), "do not answer 'udplab discover' probes");
}

std::optional<discovery::Identity> discovery_identity(const po::variables_map& vm, discovery::Role role) {
  if (vm["no-discovery"].as<bool>()) return std::nullopt;
  static constexpr FieldFlag kName[] = {{"name", "--name"}};
  const std::string name = vm.count("name") ? vm["name"].as<std::string>() : "";
  return translated(options::discovery_identity(name, live::host_name(), role, {options::FieldStep{"name"}}), kName);
}

}  // namespace udplab::cli
